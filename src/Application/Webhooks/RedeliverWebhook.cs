using StatusPage.Projections.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

public sealed record RedeliveryQueued(Guid DeliveryId, string WebhookId);

public static class RedeliverWebhookEndpoint
{
    /// <summary>
    /// Sends a logged message once more, with its own webhook-id and body, as a durable delivery; the answer is 202 and
    /// the attempt appears in the log. Automatic retries still pending go on as planned.
    /// </summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/webhooks/{id}/deliveries/{deliveryId}/redeliver", OperationId = "redeliverWebhook")]
    public static async Task<(IResult, OutgoingMessages)> Post(Guid id, Guid deliveryId, IQuerySession session, CancellationToken token)
    {
        var messages = new OutgoingMessages();
        if (await ReadWebhooksEndpoints.Existing(id, session, token) is not { } endpoint) return (Problems.NotFound("Webhook endpoint", id), messages);
        if (await session.LoadAsync<WebhookDelivery>(deliveryId, token) is not { } delivery || delivery.EndpointId != id)
            return (Problems.NotFound("Delivery", deliveryId), messages);
        if (!endpoint.Enabled)
            return (Problems.Result(StatusCodes.Status409Conflict, "Conflict", "The endpoint is disabled: enable it before redelivering."), messages);
        messages.Add(new DeliverWebhook(delivery.Id, id, 0));
        return (Results.Accepted(value: new RedeliveryQueued(delivery.Id, delivery.MessageId)), messages);
    }
}
