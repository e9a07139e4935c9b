using StatusPage.Domain.Components;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Subscribers;
using Wolverine;
using Wolverine.Marten.Publishing;
using Wolverine.Runtime;

namespace StatusPage.Application.Subscribers;

/// <summary>One address to put on the list, as a reader typed it or an operator imported it.</summary>
public sealed record Signup(string? Email, IReadOnlyList<Guid>? ComponentIds);

/// <summary>What a subscriber's link shows: the page, the subscriber, and the components they may choose from.</summary>
/// <param name="ManageSecret">The secret of the link the page's forms post to: the one that opened it, or the manage link a confirmation hands out.</param>
public sealed record SubscriptionView(Organization Organization, Subscriber Subscriber, IReadOnlyList<Component> Components, string ManageSecret);

/// <summary>
/// The subscriber use cases that are reached without an API key: a public page's slug or a link's token names the
/// organization, so each opens that organization's session itself instead of taking the request's.
/// </summary>
public sealed class Subscriptions(IDocumentStore store, OutboxedSessionFactory outbox, ManageLinks manageLinks, TimeProvider clock)
{
    public async Task<Organization?> Page(string slug, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await session.Query<Organization>().FirstOrDefaultAsync(o => o.Slug == slug, token);
    }

    /// <summary>
    /// Puts addresses on the list (<see cref="SubscriberRules.Subscribe"/>) and queues the verification mails it asks
    /// for in the same transaction. Answers the first refusal, if any, and changes nothing then.
    /// </summary>
    public async Task<Rejection?> Subscribe(
        Guid organizationId, IReadOnlyList<Signup> signups, SubscriptionSource source, bool consentStated, IMessageBus bus, CancellationToken token)
    {
        // The request names the organization by its page, not by a key's claim, so the outbox's tenant is set here.
        var context = (MessageContext)bus;
        context.TenantId = organizationId.ToString();
        await using var session = outbox.OpenSession(context);
        var addresses = signups.Where(s => EmailAddress.Check(s.Email) is null).Select(s => EmailAddress.Normalize(s.Email!)).Distinct().ToArray();
        var known = (await session.Query<Subscriber>().Where(s => s.Email.IsOneOf(addresses)).ToListAsync(token)).ToDictionary(s => s.Email);
        var components = (await session.Query<Component>().Where(c => !c.Removed).Select(c => c.Id).ToListAsync(token)).ToHashSet();

        foreach (var (signup, row) in signups.Select((s, i) => (s, i + 1)))
        {
            var existing = signup.Email is { } email ? known.GetValueOrDefault(EmailAddress.Normalize(email)) : null;
            var outcome = SubscriberRules.Subscribe(existing, Guid.NewGuid(), signup.Email, signup.ComponentIds, components, source, consentStated, clock.GetUtcNow());
            if (outcome.Rejection is { } rejection) return signups.Count == 1 ? rejection : rejection with { Detail = $"Row {row}: {rejection.Detail}" };
            if (outcome.Events.Count == 0) continue;

            var subscriber = existing ?? Subscriber.Create((SubscriberSignedUp)outcome.Events[0]);
            if (existing is null) session.Events.StartStream<Subscriber>(subscriber.Id, outcome.Events.ToArray());
            else session.Events.Append(subscriber.Id, outcome.Events.ToArray());
            known[subscriber.Email] = subscriber;
            if (outcome.Events.Any(e => e is SubscriberVerificationRequested)) await bus.PublishAsync(new VerificationMail(subscriber.Id));
        }

        await session.SaveChangesAsync(token);
        return null;
    }

    /// <summary>What the verification link opens: the page that asks for the confirming click, changing nothing.</summary>
    public Task<SubscriptionView?> Pending(string secret, CancellationToken token) =>
        Change(secret, TokenPurpose.Verify, (_, _) => Outcome.Accept(), spend: false, token);

    /// <summary>
    /// The confirming click: verifies the address, spends the verification link and hands out the subscriber's manage
    /// link for the page that follows.
    /// </summary>
    public async Task<SubscriptionView?> Confirm(string secret, CancellationToken token) =>
        await Change(secret, TokenPurpose.Verify, (subscriber, _) => SubscriberRules.Verify(subscriber, clock.GetUtcNow()), spend: true, token) is { } view
            ? view with { ManageSecret = (await manageLinks.For(view.Organization.Id, [view.Subscriber.Id], token))[view.Subscriber.Id] }
            : null;

    public Task<SubscriptionView?> Manage(string secret, CancellationToken token) =>
        Change(secret, TokenPurpose.Manage, (_, _) => Outcome.Accept(), spend: false, token);

    public Task<SubscriptionView?> ChangeComponents(string secret, IReadOnlyList<Guid> componentIds, CancellationToken token) =>
        Change(secret, TokenPurpose.Manage, (subscriber, components) =>
            SubscriberRules.ChangeComponents(subscriber, componentIds, components.Select(c => c.Id).ToHashSet(), clock.GetUtcNow()), spend: false, token);

    public Task<SubscriptionView?> Unsubscribe(string secret, string via, CancellationToken token) =>
        Change(secret, TokenPurpose.Manage, (subscriber, _) => SubscriberRules.Unsubscribe(subscriber, via, clock.GetUtcNow()), spend: false, token);

    /// <summary>Null for a link that is forged, expired, spent, meant for something else, or whose subscriber is gone or refused the change.</summary>
    private async Task<SubscriptionView?> Change(
        string secret, TokenPurpose purpose, Func<Subscriber, IReadOnlyList<Component>, Outcome> decide, bool spend, CancellationToken token)
    {
        SubscriberToken? found;
        await using (var global = store.QuerySession()) found = await SubscriberTokens.Find(global, secret, purpose, clock.GetUtcNow(), token);
        if (found is null) return null;

        await using var session = store.LightweightSession(found.OrganizationId.ToString());
        var stream = await session.Events.FetchForWriting<Subscriber>(found.SubscriberId, token);
        var organization = await session.LoadAsync<Organization>(found.OrganizationId, token);
        if (stream.Aggregate is not { State: not SubscriberState.Removed } subscriber || organization is null) return null;
        var components = await session.Query<Component>().Where(c => !c.Removed).OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(token);
        var outcome = decide(subscriber, components);
        if (!outcome.Accepted) return null;

        stream.AppendMany(outcome.Events.ToArray());
        if (spend) session.Delete(found);
        await session.SaveChangesAsync(token);
        var changed = outcome.Events.Count == 0 ? subscriber : await session.Events.FetchLatest<Subscriber>(subscriber.Id, token);
        return new SubscriptionView(organization, changed!, components, secret);
    }
}
