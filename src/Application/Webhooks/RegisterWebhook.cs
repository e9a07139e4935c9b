using StatusPage.Application.Organizations;
using StatusPage.Application.Outbound;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Webhooks;

/// <param name="EventTypes">Wire names ("incident.created", …); none or absent means every type.</param>
/// <param name="ComponentIds">Only changes touching one of these; none or absent means every change.</param>
public sealed record RegisterWebhook(string? Url, string? Description, List<string>? EventTypes, List<Guid>? ComponentIds, bool? Enabled);

/// <summary>The signing secret is in this answer and nowhere else, ever.</summary>
public sealed record RegisteredWebhook(Guid Id, long Version, string Secret);

public static class RegisterWebhookEndpoint
{
    public static async Task<WebhookChecks> LoadAsync(
        RegisterWebhook command, OutboundGuard guard, IQuerySession session, TenantLimits limits, CancellationToken token)
    {
        var endpoints = await session.Query<WebhookEndpoint>().CountAsync(e => !e.Removed, token);
        return await WebhookChecks.For(command.Url, command.ComponentIds, guard, session, token) with
        {
            Quota = Quotas.Check("webhook endpoints", endpoints, 1, limits.WebhookEndpointsPerOrganization, "Limits:WebhookEndpointsPerOrganization")
        };
    }

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/webhooks", OperationId = "registerWebhook")]
    public static (IResult, IMartenOp) Post(RegisterWebhook command, WebhookChecks checks, WebhookSecrets secrets, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var (secret, protectedSecret) = secrets.Generate();
        var request = new WebhookRequest(command.Url, command.Description, command.EventTypes, command.ComponentIds, command.Enabled);
        var outcome = Outcome.From(checks.Quota,
            () => WebhookRules.Register(id, request, checks.UrlProblem, checks.KnownComponents, protectedSecret, clock.GetUtcNow()));
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing());
        ExpectedVersion.Tag(http, outcome.Events.Count);
        return (Results.Json(new RegisteredWebhook(id, outcome.Events.Count, secret), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<WebhookEndpoint>(id, outcome.Events.ToArray()));
    }
}
