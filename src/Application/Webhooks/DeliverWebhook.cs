using System.Security.Cryptography;
using System.Text;
using StatusPage.Domain.Webhooks;
using StatusPage.Projections.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// One try at one message for one endpoint, a durable message on the webhook queue. Retries are the same message
/// with the next attempt number, scheduled durably, so they survive restarts and run once in a cluster.
/// </summary>
/// <param name="Attempt">1 for the first send, counting up through the retries; 0 for a redelivery someone asked for.</param>
public sealed record DeliverWebhook(Guid DeliveryId, Guid EndpointId, int Attempt);

public static class WebhookIds
{
    /// <summary>The same change for the same endpoint is always the same message, however often the change is relayed.</summary>
    public static Guid Delivery(long sequence, Guid endpointId) => Derived($"{sequence}:{endpointId:N}");

    /// <summary>An automatic attempt has one log entry, however often its message arrives; a redelivery someone asked for is always new.</summary>
    public static Guid Attempt(DeliverWebhook message) =>
        message.Attempt == 0 ? Guid.NewGuid() : Derived($"{message.DeliveryId:N}:{message.Attempt}");

    private static Guid Derived(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}

/// <summary>
/// Sends a message and logs the attempt in the same transaction as the retry it schedules or the disabling it
/// decides. An attempt already logged is not sent again: delivery of the message itself is at least once.
/// </summary>
public static class DeliverWebhookHandler
{
    /// <summary>How soon a message waits for another try when its endpoint or organization already has its share of messages in flight.</summary>
    private static readonly TimeSpan Busy = TimeSpan.FromSeconds(1);

    public static async Task<OutgoingMessages> Handle(
        DeliverWebhook message, IDocumentSession session, WebhookSender sender, WebhookSlots slots, TimeProvider clock, CancellationToken token)
    {
        var messages = new OutgoingMessages();
        var attemptId = WebhookIds.Attempt(message);
        var batch = session.CreateBatchQuery();
        var deliveryLoad = batch.Load<WebhookDelivery>(message.DeliveryId);
        var endpointLoad = batch.Load<WebhookEndpoint>(message.EndpointId);
        var loggedLoad = batch.Load<WebhookAttempt>(attemptId);
        await batch.Execute(token);
        var (delivery, endpoint) = (await deliveryLoad, await endpointLoad);
        if (delivery is null || endpoint is not { Enabled: true } || await loggedLoad is not null) return messages;

        if (!slots.TryTake(session.TenantId, endpoint.Id))
        {
            messages.Delay(message, Busy);
            return messages;
        }

        WebhookSender.Result result;
        try
        {
            result = await sender.Send(endpoint, delivery, token);
        }
        finally
        {
            slots.Release(session.TenantId, endpoint.Id);
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? next = null;
        if (!result.Succeeded && message.Attempt > 0)
        {
            if (WebhookRules.NextRetry(message.Attempt, Random.Shared.NextDouble()) is { } wait)
            {
                next = now + wait;
                messages.Schedule(message with { Attempt = message.Attempt + 1 }, next.Value);
            }
            else
            {
                messages.AddRange(await GiveUp(endpoint, delivery, session, now, token));
            }
        }

        session.Store(new WebhookAttempt(attemptId, delivery.Id, endpoint.Id, message.Attempt == 0 ? null : message.Attempt, now,
            result.Succeeded, result.StatusCode, result.Error, result.LatencyMs, result.Response, next));
        return messages;
    }

    private static async Task<OutgoingMessages> GiveUp(
        WebhookEndpoint endpoint, WebhookDelivery delivery, IDocumentSession session, DateTimeOffset now, CancellationToken token)
    {
        var first = await session.LoadAsync<WebhookAttempt>(WebhookIds.Attempt(new DeliverWebhook(delivery.Id, endpoint.Id, 1)), token);
        var lastSuccess = await session.Query<WebhookAttempt>().Where(a => a.EndpointId == endpoint.Id && a.Succeeded)
            .OrderByDescending(a => a.At).Select(a => a.At).FirstOrDefaultAsync(token);
        var outcome = WebhookRules.GiveUp(endpoint, first?.At ?? delivery.CreatedAt, lastSuccess == default ? null : lastSuccess, now);
        if (outcome.Events.Count == 0) return new OutgoingMessages();
        // Appended against the version read, so two messages giving up at once disable the endpoint once.
        session.Events.Append(endpoint.Id, endpoint.Version + outcome.Events.Count, outcome.Events.ToArray());
        return WebhookOwnerAlerts.For(outcome.Events.OfType<WebhookEndpointDisabled>().Single(), endpoint, session.TenantId);
    }
}
