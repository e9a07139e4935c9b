using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Webhooks;

public static class RemoveWebhookEndpoint
{
    /// <summary>Messages still waiting for a retry find the endpoint gone and are dropped.</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/webhooks/{id}", OperationId = "removeWebhook")]
    public static (IResult, Events) Delete([WriteAggregate("id")] WebhookEndpoint endpoint, TimeProvider clock)
    {
        var outcome = WebhookRules.Remove(endpoint, clock.GetUtcNow());
        return outcome.Rejection is { } rejection ? (Problems.From(rejection), new Events()) : (Results.NoContent(), Decisions.Append(outcome));
    }
}
