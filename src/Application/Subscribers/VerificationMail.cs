using StatusPage.Application.Email;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Subscribers;
using Wolverine;
using Wolverine.Runtime.Handlers;

namespace StatusPage.Application.Subscribers;

/// <summary>The one mail an unverified address may receive. Sent after the request's transaction, never inside it.</summary>
public sealed record VerificationMail(Guid SubscriberId);

public static class VerificationMailHandler
{
    public static void Configure(HandlerChain chain) => SmtpFailures.RetryLater(chain);

    /// <summary>
    /// The link's secret is made here and exists only in the mail; the database keeps its hash, stored before the mail
    /// goes so that the link works the moment it arrives.
    /// </summary>
    public static async Task Handle(
        VerificationMail mail, IQuerySession session, IDocumentStore store, MailSender sender, EmailOptions options, TimeProvider clock,
        Envelope envelope, CancellationToken token)
    {
        var subscriber = await session.LoadAsync<Subscriber>(mail.SubscriberId, token);
        var organization = await session.LoadAsync<Organization>(Guid.Parse(envelope.TenantId!), token);
        if (subscriber is not { State: SubscriberState.Pending } || organization is null) return;

        var now = clock.GetUtcNow();
        var (secret, stored) = SubscriberTokens.Issue(organization.Id, subscriber.Id, TokenPurpose.Verify, now + SubscriberRules.VerificationLifetime);
        var letter = new Letter(organization.Name, "Confirm your subscription", $"Confirm your subscription to {organization.Name}",
        [
            $"Someone, hopefully you, asked for {organization.Name} status updates to be emailed to {subscriber.Email}.",
            $"Nothing will be sent unless you confirm within {SubscriberRules.VerificationLifetime.TotalHours:0} hours. If it was not you, ignore this email."
        ], "Confirm my subscription", options.Link($"/subscribe/{secret}"));
        await using (var tokens = store.LightweightSession())
        {
            // Each new link also takes away the ones that expired, so dead links cannot pile up.
            tokens.DeleteWhere<SubscriberToken>(t => t.ExpiresAt != null && t.ExpiresAt < now);
            tokens.Store(stored);
            await tokens.SaveChangesAsync(token);
        }

        await using var connection = await sender.Connect(token);
        await connection.Send(Letters.Compose(letter, new Addressing(subscriber.Email, Letters.MessageId($"verify.{Guid.NewGuid():N}", options), now, null, null,
            $"You receive this because this address was entered on the {organization.Name} status page."), options), token);
    }
}

/// <summary>
/// An operational alert for the organization's owners (NotificationPreferences.OwnerEmails), sent with the organization
/// as the tenant: a webhook endpoint disabled, uptime below threshold.
/// </summary>
public sealed record OwnerAlert(string Subject, string Text);

public static class OwnerAlertHandler
{
    public static void Configure(HandlerChain chain) => SmtpFailures.RetryLater(chain);

    public static async Task Handle(
        OwnerAlert alert, IQuerySession session, MailSender sender, EmailOptions options, TimeProvider clock, Envelope envelope, CancellationToken token)
    {
        var organization = await session.LoadAsync<Organization>(Guid.Parse(envelope.TenantId!), token);
        if (organization is not { NotificationPreferences.OwnerEmails.Count: > 0 }) return;

        var letter = new Letter(organization.Name, alert.Subject, alert.Subject, [alert.Text], "Open the status page", options.Link($"/{organization.Slug}"));
        await using var connection = await sender.Connect(token);
        foreach (var owner in organization.NotificationPreferences.OwnerEmails)
            await connection.Send(Letters.Compose(letter, new Addressing(owner, Letters.MessageId($"alert.{Guid.NewGuid():N}", options),
                clock.GetUtcNow(), null, null, $"You receive this because you are an owner of {organization.Name}."), options), token);
    }
}
