using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Webhooks;

public static class RotateWebhookSecretEndpoint
{
    /// <summary>
    /// A new secret, shown in this answer only. For the next 24 hours messages carry signatures with both the new and
    /// the old one, so receivers can switch over without losing a message.
    /// </summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/webhooks/{id}/rotate-secret", OperationId = "rotateWebhookSecret")]
    public static (IResult, Events) Post(
        [WriteAggregate("id")] WebhookEndpoint endpoint, WebhookSecrets secrets, HttpContext http, TimeProvider clock)
    {
        var (secret, protectedSecret) = secrets.Generate();
        var outcome = WebhookRules.RotateSecret(endpoint, protectedSecret, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), new Events());
        var version = endpoint.Version + outcome.Events.Count;
        ExpectedVersion.Tag(http, version);
        return (Results.Ok(new RegisteredWebhook(endpoint.Id, version, secret)), Decisions.Append(outcome));
    }
}
