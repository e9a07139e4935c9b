using StatusPage.Application.Notifications;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Webhooks;
using StatusPage.Projections.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

/// <summary>A notice on its way to the organization's webhook endpoints.</summary>
public sealed record PublishWebhooks(Notice Notice);

/// <summary>
/// Takes a notice off the shared notice chain at once (other features handle it in the same transaction), so that
/// rendering and fanning out to endpoints is its own durable step and fails or retries alone.
/// </summary>
public static class WebhookNoticeHandler
{
    public static PublishWebhooks Handle(Notice notice) => new(notice);
}

/// <summary>
/// Renders the change once and leaves one stored message and one durable delivery per endpoint that wants it. A notice
/// relayed again finds its messages stored and sends nothing twice.
/// </summary>
public static class PublishWebhooksHandler
{
    public static async Task<OutgoingMessages> Handle(
        PublishWebhooks message, IDocumentSession session, WebhookPayloads payloads, CancellationToken token)
    {
        var (notice, messages) = (message.Notice, new OutgoingMessages());
        if (!notice.Notify) return messages;

        var components = await ComponentsOf(notice, session, token);
        var endpoints = (await session.Query<WebhookEndpoint>().Where(e => e.Enabled).ToListAsync(token))
            .Where(e => WebhookRules.Wants(e, notice.Type, components)).ToList();
        if (endpoints.Count == 0) return messages;

        var sent = (await session.Query<WebhookDelivery>().Where(d => d.Sequence == notice.Sequence).Select(d => d.EndpointId).ToListAsync(token))
            .ToHashSet();
        if (await payloads.For(notice, session, token) is not { } data) return messages;
        foreach (var endpoint in endpoints.Where(e => !sent.Contains(e.Id)))
        {
            var delivery = new WebhookDelivery
            {
                Id = WebhookIds.Delivery(notice.Sequence, endpoint.Id), EndpointId = endpoint.Id, Sequence = notice.Sequence,
                Type = notice.Type.Name(), CreatedAt = notice.At,
                Payload = payloads.Body(notice.Type.Name(), notice.At, data, session.TenantId, endpoint.Id)
            };
            session.Insert(delivery);
            messages.Add(new DeliverWebhook(delivery.Id, endpoint.Id, 1));
        }

        return messages;
    }

    /// <summary>An incident or maintenance notice is about every component it covers, not only those this event moved.</summary>
    private static async Task<IReadOnlyCollection<Guid>> ComponentsOf(Notice notice, IQuerySession session, CancellationToken token)
    {
        var covered = notice.Type.Subject() switch
        {
            NoticeSubject.Incident => (await session.LoadAsync<Incident>(notice.SubjectId, token))?.Components.Keys.ToList() ?? [],
            NoticeSubject.Maintenance => (await session.LoadAsync<Maintenance>(notice.SubjectId, token))?.Components ?? [],
            _ => []
        };
        return notice.Components.Union(covered).ToHashSet();
    }
}
