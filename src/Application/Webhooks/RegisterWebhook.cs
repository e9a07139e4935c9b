using Marten;
using StatusPage.Application.Outbound;
using StatusPage.Domain.Webhooks;
using Wolverine.Marten;

namespace StatusPage.Application.Webhooks;

/// <param name="EventTypes">Wire names ("incident.created", …); none or absent means every type.</param>
/// <param name="ComponentIds">Only changes touching one of these; none or absent means every change.</param>
public sealed record RegisterWebhook(string? Url, string? Description, List<string>? EventTypes, List<Guid>? ComponentIds, bool? Enabled);

/// <summary>The signing secret is in this answer and nowhere else, ever.</summary>
public sealed record RegisteredWebhook(Guid Id, long Version, string Secret);

public static class RegisterWebhookEndpoint
{
    public static Task<WebhookChecks> LoadAsync(RegisterWebhook command, OutboundGuard guard, IQuerySession session, CancellationToken token) =>
        WebhookChecks.For(command.Url, command.ComponentIds, guard, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/webhooks", OperationId = "registerWebhook")]
    public static (IResult, IMartenOp) Post(RegisterWebhook command, WebhookChecks checks, WebhookSecrets secrets, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var (secret, protectedSecret) = secrets.Generate();
        var request = new WebhookRequest(command.Url, command.Description, command.EventTypes, command.ComponentIds, command.Enabled);
        var outcome = WebhookRules.Register(id, request, checks.UrlProblem, checks.KnownComponents, protectedSecret, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing());
        ExpectedVersion.Tag(http, outcome.Events.Count);
        return (Results.Json(new RegisteredWebhook(id, outcome.Events.Count, secret), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<WebhookEndpoint>(id, outcome.Events.ToArray()));
    }
}
