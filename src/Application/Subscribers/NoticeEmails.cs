using MailKit.Net.Smtp;
using StatusPage.Application.Email;
using StatusPage.Application.Notifications;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Subscribers;
using Wolverine;
using Wolverine.Runtime.Handlers;

namespace StatusPage.Application.Subscribers;

/// <summary>A notice the organization emails about: who gets it is worked out away from the notice's own transaction.</summary>
public sealed record NoticeMailing(Notice Notice);

/// <summary>One batch of a notice's emails: sent over one SMTP connection, recorded in the ledger as the server accepts them.</summary>
public sealed record EmailBatch(long Sequence, string Slug, Letter Letter, IReadOnlyList<Guid> Subscribers);

/// <summary>Decides quickly whether the organization emails about this kind of notice at all.</summary>
public static class NoticeEmailHandler
{
    public static async Task<NoticeMailing?> Handle(Notice notice, IQuerySession session, Envelope envelope, CancellationToken token)
    {
        if (!notice.Notify) return null;
        var organization = await session.LoadAsync<Organization>(Guid.Parse(envelope.TenantId!), token);
        return organization?.NotificationPreferences.Emails(notice.Type) == true ? new NoticeMailing(notice) : null;
    }
}

/// <summary>Writes the notice's email once and splits the verified subscribers who follow its components into batches.</summary>
public static class NoticeMailingHandler
{
    private sealed record Follower(Guid Id, List<Guid> Components);

    public static async Task<OutgoingMessages> Handle(
        NoticeMailing mailing, IQuerySession session, EmailOptions options, Envelope envelope, CancellationToken token)
    {
        var batches = new OutgoingMessages();
        var organization = await session.LoadAsync<Organization>(Guid.Parse(envelope.TenantId!), token);
        if (organization is null) return batches;
        var followers = await session.Query<Subscriber>()
            .Where(s => s.State == SubscriberState.Verified)
            .Select(s => new Follower(s.Id, s.Components))
            .ToListAsync(token);
        // Writing the letter folds the subject's stream as of the notice, which costs in proportion to its history:
        // profiled, it was most of an incident update's CPU on a long incident, for pages with nobody to write to.
        if (followers.Count == 0 || await NoticeLetters.For(mailing.Notice, organization, options, session, token) is not { } letter) return batches;

        foreach (var chunk in followers.Where(f => SubscriberRules.Follows(f.Components, letter.Components)).Select(f => f.Id).Chunk(options.BatchSize))
            batches.Add(new EmailBatch(mailing.Notice.Sequence, organization.Slug, letter.Letter, chunk));
        return batches;
    }
}

public static class EmailBatchHandler
{
    public static void Configure(HandlerChain chain) => SmtpFailures.RetryLater(chain);

    /// <summary>
    /// Sends to everyone in the batch the ledger does not list yet and who is still verified. What the server accepted or
    /// refused for good is recorded as it happens (<see cref="EmailLedger"/>), also when the batch then fails, so a retry
    /// sends only the rest; a crash repeats at most what was accepted while the last ledger write was under way.
    /// </summary>
    public static async Task Handle(
        EmailBatch batch, IQuerySession session, IDocumentStore store, ManageLinks manageLinks, MailSender sender, EmailOptions options, TimeProvider clock,
        Envelope envelope, CancellationToken token)
    {
        var tenant = envelope.TenantId!;
        var organizationId = Guid.Parse(tenant);
        var sent = (await session.LoadManyAsync<EmailDelivery>(token, batch.Subscribers.Select(id => EmailDelivery.IdOf(batch.Sequence, id))))
            .Select(d => d.SubscriberId).ToHashSet();
        var recipients = (await session.LoadManyAsync<Subscriber>(token, batch.Subscribers.Where(id => !sent.Contains(id))))
            .Where(s => s.State == SubscriberState.Verified).ToList();
        if (recipients.Count == 0) return;

        var links = await manageLinks.For(organizationId, recipients.Select(s => s.Id).ToList(), token);

        var ledger = new EmailLedger(store, tenant);
        try
        {
            await using var connection = await sender.Connect(token);
            foreach (var subscriber in recipients)
            {
                var secret = links[subscriber.Id];
                var message = Letters.Compose(batch.Letter, new Addressing(
                    subscriber.Email, Letters.MessageId($"{batch.Sequence}.{subscriber.Id:N}", options), clock.GetUtcNow(),
                    Letters.ListId(batch.Slug, options), options.Link($"/unsubscribe/{secret}"),
                    $"You receive this because you subscribed to updates from {batch.Letter.PageName}."), options);
                var delivery = EmailDelivery.IdOf(batch.Sequence, subscriber.Id);
                try
                {
                    await connection.Send(message, token);
                    ledger.Record(session => session.Store(new EmailDelivery(delivery, batch.Sequence, subscriber.Id, clock.GetUtcNow(), null)));
                }
                catch (SmtpCommandException e) when (MailConnection.IsPermanentRefusal(e))
                {
                    var bounced = SubscriberRules.Bounce(subscriber, $"{(int)e.StatusCode} {e.Message}", options.BounceLimit, clock.GetUtcNow()).Events;
                    ledger.Record(session =>
                    {
                        session.Store(new EmailDelivery(delivery, batch.Sequence, subscriber.Id, clock.GetUtcNow(), e.Message));
                        if (bounced.Count > 0) session.Events.Append(subscriber.Id, bounced.ToArray());
                    });
                }
            }
        }
        finally
        {
            await ledger.Flush();
        }
    }
}
