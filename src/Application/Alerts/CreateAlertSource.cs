using System.Security.Claims;
using StatusPage.Application.Email;
using StatusPage.Application.Organizations;
using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Alerts;

/// <param name="ComponentLabel">The label naming the component (its name or id); default <c>component</c>.</param>
/// <param name="Severities">Severity label value → status; default critical → major_outage, warning → partial_outage, info → degraded_performance.</param>
/// <param name="OpenIncidents">Firing alerts open an incident per group (default false).</param>
/// <param name="AutoResolve">Once a group's alerts have all cleared its incident is resolved (default true); otherwise an update says so and an operator resolves it.</param>
public sealed record CreateAlertSource(
    string? Name, AlertSourceKind? Kind, string? ComponentLabel, Dictionary<string, ComponentStatus>? Severities, bool? OpenIncidents,
    bool? AutoResolve)
{
    public AlertSourceRequest Request => new(Name, Kind, ComponentLabel, Severities, OpenIncidents, AutoResolve);
}

/// <summary>The token is in this answer and nowhere else, ever: the monitoring system sends it to <see cref="Url"/>.</summary>
public sealed record CreatedAlertSource(Guid Id, long Version, string Url, string Token);

/// <param name="Refusal">Why the organization may not have one more source, or null.</param>
public sealed record AlertSourceQuota(Rejection? Refusal);

public static class CreateAlertSourceEndpoint
{
    public static async Task<AlertSourceQuota> LoadAsync(IQuerySession session, TenantLimits limits, CancellationToken token) =>
        new(Quotas.Check("alert sources", await session.Query<AlertSource>().CountAsync(s => !s.Removed, token), 1,
            limits.AlertSourcesPerOrganization, "Limits:AlertSourcesPerOrganization"));

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/alert-sources", OperationId = "createAlertSource")]
    public static (IResult, IMartenOp) Post(
        CreateAlertSource command, AlertSourceQuota quota, AlertTokens tokens, EmailOptions links, ClaimsPrincipal caller, HttpContext http,
        TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var (secret, protectedToken) = tokens.Generate();
        var outcome = Outcome.From(quota.Refusal, () => AlertRules.Create(id, caller.OrganizationId()!.Value, command.Request, protectedToken, clock.GetUtcNow()));
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing());
        ExpectedVersion.Tag(http, outcome.Events.Count);
        return (Results.Json(new CreatedAlertSource(id, outcome.Events.Count, AlertSourceView.UrlOf(id, links), secret), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<AlertSource>(id, outcome.Events.ToArray()));
    }
}
