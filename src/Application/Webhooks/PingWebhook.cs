using StatusPage.Projections.Webhooks;

namespace StatusPage.Application.Webhooks;

public static class PingWebhookEndpoint
{
    /// <summary>
    /// Sends a "ping" message now, disabled endpoint or not, and answers with the attempt: an integrator sees at once
    /// whether the receiver takes and verifies messages. It is logged like any message and never retried.
    /// </summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/webhooks/{id}/ping", OperationId = "pingWebhook")]
    public static async Task<IResult> Post(
        Guid id, IDocumentSession session, WebhookPayloads payloads, WebhookSender sender, TimeProvider clock, CancellationToken token)
    {
        if (await ReadWebhooksEndpoints.Existing(id, session, token) is not { } endpoint) return Problems.NotFound("Webhook endpoint", id);
        var now = clock.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            Id = Guid.NewGuid(), EndpointId = id, Type = "ping", CreatedAt = now,
            Payload = payloads.Body("ping", now, await payloads.Ping(session, token), session.TenantId, id)
        };
        var result = await sender.Send(endpoint, delivery, token);
        var attempt = new WebhookAttempt(Guid.NewGuid(), delivery.Id, id, null, now, result.Succeeded, result.StatusCode, result.Error,
            result.LatencyMs, result.Response, null);
        session.Insert(delivery);
        session.Insert(attempt);
        return Results.Ok(attempt);
    }
}
