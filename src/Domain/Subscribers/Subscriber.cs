using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Subscribers;

public enum SubscriberState
{
    Pending,
    Verified,
    Unsubscribed,
    Bounced,
    Removed
}

/// <summary>How an address came to be on the list: the reader's own request, or an operator's import.</summary>
public enum SubscriptionSource
{
    Page,
    Import
}

/// <param name="Components">The components followed; empty means the whole page.</param>
/// <param name="ConsentStated">An operator imported the address stating that its owner already agreed: no verification.</param>
public sealed record SubscriberSignedUp(
    Guid SubscriberId, string Email, IReadOnlyList<Guid> Components, SubscriptionSource Source, bool ConsentStated, DateTimeOffset At);

/// <summary>A verification mail was asked for; the raw link exists only in that mail.</summary>
public sealed record SubscriberVerificationRequested(Guid SubscriberId, DateTimeOffset ExpiresAt, DateTimeOffset At);

public sealed record SubscriberVerified(Guid SubscriberId, DateTimeOffset At);

public sealed record SubscriberComponentsChanged(Guid SubscriberId, IReadOnlyList<Guid> OldComponents, IReadOnlyList<Guid> NewComponents, DateTimeOffset At);

/// <param name="Via">"one-click" (RFC 8058 POST from a mail client), "page" (the manage page) or "operator".</param>
public sealed record SubscriberUnsubscribed(Guid SubscriberId, string Via, DateTimeOffset At);

/// <summary>The receiving server refused a message permanently; after enough of them the address is given up.</summary>
public sealed record SubscriberBounced(Guid SubscriberId, string Reply, int Count, bool GivenUp, DateTimeOffset At);

public sealed record SubscriberRemoved(Guid SubscriberId, DateTimeOffset At);

/// <summary>One email address on one organization's list, with the history that proves its consent.</summary>
public sealed class Subscriber : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Email { get; set; } = "";
    public List<Guid> Components { get; set; } = [];
    public SubscriberState State { get; set; }
    public SubscriptionSource Source { get; set; }
    public int Bounces { get; set; }
    public DateTimeOffset SubscribedAt { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public DateTimeOffset? LastVerificationAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static Subscriber Create(SubscriberSignedUp e)
    {
        var subscriber = new Subscriber { Id = e.SubscriberId, Email = e.Email };
        subscriber.Apply(e);
        return subscriber;
    }

    public void Apply(SubscriberSignedUp e)
    {
        (Components, Source, SubscribedAt, UpdatedAt, Bounces) = (e.Components.ToList(), e.Source, e.At, e.At, 0);
        State = e.ConsentStated ? SubscriberState.Verified : SubscriberState.Pending;
        VerifiedAt = e.ConsentStated ? e.At : null;
    }

    public void Apply(SubscriberVerificationRequested e) => (LastVerificationAt, UpdatedAt) = (e.At, e.At);

    public void Apply(SubscriberVerified e) => (State, VerifiedAt, UpdatedAt) = (SubscriberState.Verified, e.At, e.At);

    public void Apply(SubscriberComponentsChanged e) => (Components, UpdatedAt) = (e.NewComponents.ToList(), e.At);

    public void Apply(SubscriberUnsubscribed e) => (State, UpdatedAt) = (SubscriberState.Unsubscribed, e.At);

    public void Apply(SubscriberBounced e)
    {
        (Bounces, UpdatedAt) = (e.Count, e.At);
        if (e.GivenUp) State = SubscriberState.Bounced;
    }

    public void Apply(SubscriberRemoved e) => (State, UpdatedAt) = (SubscriberState.Removed, e.At);
}
