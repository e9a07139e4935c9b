using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Subscribers;

public static class SubscriberRules
{
    /// <summary>However often someone asks, an address gets at most one verification mail in this time.</summary>
    public static readonly TimeSpan VerificationInterval = TimeSpan.FromHours(1);

    public static readonly TimeSpan VerificationLifetime = TimeSpan.FromHours(48);

    /// <summary>
    /// A subscribe request for an address, new or known. The answer to the reader is the same whatever this decides, so
    /// nobody learns who is subscribed; only the events differ. A verification is asked for (and so a mail sent) only
    /// when the address is not verified and had none within <see cref="VerificationInterval"/>.
    /// </summary>
    public static Outcome Subscribe(
        Subscriber? existing, Guid newId, string? email, IReadOnlyList<Guid>? components, IReadOnlySet<Guid> knownComponents,
        SubscriptionSource source, bool consentStated, DateTimeOffset now)
    {
        var rejection = Text.FirstOf(EmailAddress.Check(email), Components(components, knownComponents));
        if (rejection is not null) return new Outcome([], rejection);
        var followed = (components ?? []).Distinct().ToArray();
        var address = EmailAddress.Normalize(email!);

        if (existing is null or { State: SubscriberState.Unsubscribed or SubscriberState.Bounced or SubscriberState.Removed })
        {
            var id = existing?.Id ?? newId;
            var signedUp = new SubscriberSignedUp(id, address, followed, source, consentStated, now);
            return consentStated || !MayAskAgain(existing, now)
                ? Outcome.Accept(signedUp)
                : Outcome.Accept(signedUp, new SubscriberVerificationRequested(id, now + VerificationLifetime, now));
        }

        if (existing.State == SubscriberState.Verified) return Outcome.Accept();
        var events = new List<object>();
        if (consentStated) events.Add(new SubscriberVerified(existing.Id, now));
        else if (MayAskAgain(existing, now)) events.Add(new SubscriberVerificationRequested(existing.Id, now + VerificationLifetime, now));
        return Outcome.Accept(events);
    }

    /// <summary>An operator's "send the verification mail again": the same hourly limit as the reader's own requests.</summary>
    public static Outcome ResendVerification(Subscriber subscriber, DateTimeOffset now) =>
        subscriber.State != SubscriberState.Pending ? Outcome.Conflict($"Only a pending subscriber can be sent a verification mail; this one is {subscriber.State.ToString().ToLowerInvariant()}.")
        : !MayAskAgain(subscriber, now) ? Outcome.Conflict("A verification mail went to this address less than an hour ago.")
        : Outcome.Accept(new SubscriberVerificationRequested(subscriber.Id, now + VerificationLifetime, now));

    /// <summary>A click on the verification link; a repeated click changes nothing.</summary>
    public static Outcome Verify(Subscriber subscriber, DateTimeOffset now) =>
        subscriber.State == SubscriberState.Pending ? Outcome.Accept(new SubscriberVerified(subscriber.Id, now))
        : subscriber.State == SubscriberState.Verified ? Outcome.Accept()
        : Outcome.NotFound("This subscription no longer exists.");

    public static Outcome ChangeComponents(Subscriber subscriber, IReadOnlyList<Guid>? components, IReadOnlySet<Guid> knownComponents, DateTimeOffset now)
    {
        if (subscriber.State != SubscriberState.Verified) return Outcome.NotFound("This subscription no longer exists.");
        if (Components(components, knownComponents) is { } rejection) return new Outcome([], rejection);
        var followed = (components ?? []).Distinct().ToArray();
        return followed.ToHashSet().SetEquals(subscriber.Components)
            ? Outcome.Accept()
            : Outcome.Accept(new SubscriberComponentsChanged(subscriber.Id, subscriber.Components, followed, now));
    }

    public static Outcome Unsubscribe(Subscriber subscriber, string via, DateTimeOffset now) =>
        subscriber.State is SubscriberState.Pending or SubscriberState.Verified
            ? Outcome.Accept(new SubscriberUnsubscribed(subscriber.Id, via, now))
            : Outcome.Accept();

    public static Outcome Remove(Subscriber subscriber, DateTimeOffset now) =>
        subscriber.State == SubscriberState.Removed
            ? Outcome.NotFound($"Subscriber {subscriber.Id} does not exist.")
            : Outcome.Accept(new SubscriberRemoved(subscriber.Id, now));

    /// <summary>A permanent refusal by the receiving server; at <paramref name="limit"/> refusals the address is given up.</summary>
    public static Outcome Bounce(Subscriber subscriber, string reply, int limit, DateTimeOffset now) =>
        subscriber.State != SubscriberState.Verified
            ? Outcome.Accept()
            : Outcome.Accept(new SubscriberBounced(subscriber.Id, reply, subscriber.Bounces + 1, subscriber.Bounces + 1 >= limit, now));

    /// <summary>Whether a subscriber hears of a change to these components: whole-page subscribers hear of everything.</summary>
    public static bool Follows(IReadOnlyCollection<Guid> followed, IReadOnlyCollection<Guid> touched) =>
        followed.Count == 0 || touched.Count == 0 || followed.Any(touched.Contains);

    private static bool MayAskAgain(Subscriber? subscriber, DateTimeOffset now) =>
        subscriber?.LastVerificationAt is not { } last || now - last >= VerificationInterval;

    private static Rejection? Components(IReadOnlyList<Guid>? components, IReadOnlySet<Guid> known) =>
        components?.Where(c => !known.Contains(c)).Select(c => (Guid?)c).FirstOrDefault() is { } unknown
            ? Rejection.Invalid("componentIds", $"'componentIds' names a component this page does not have: {unknown}.")
            : null;
}
