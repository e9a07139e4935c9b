using StatusPage.Application.Outbound;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Webhooks;

/// <summary>Merge patch: absent fields stay; <c>eventTypes: []</c> means every type, <c>componentIds: []</c> every component.</summary>
public sealed record ChangeWebhook(
    string? Url, string? Description, List<string>? EventTypes, List<Guid>? ComponentIds, bool? Enabled, long? ExpectedVersion);

public static class ChangeWebhookEndpoint
{
    public static Task<WebhookChecks> LoadAsync(ChangeWebhook command, OutboundGuard guard, IQuerySession session, CancellationToken token) =>
        WebhookChecks.For(command.Url, command.ComponentIds, guard, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/webhooks/{id}", OperationId = "changeWebhook")]
    public static (IResult, Events) Patch(
        ChangeWebhook command, [WriteAggregate("id")] WebhookEndpoint endpoint, WebhookChecks checks, HttpContext http, TimeProvider clock)
    {
        var request = new WebhookRequest(command.Url, command.Description, command.EventTypes, command.ComponentIds, command.Enabled);
        return Decisions.Respond(http, WebhookRules.Change(endpoint, request, checks.UrlProblem, checks.KnownComponents, clock.GetUtcNow()),
            endpoint.Id, endpoint.Version);
    }
}
