using System.Buffers.Text;
using System.Security.Cryptography;
using StatusPage.Application.Organizations;
using StatusPage.Application.Outbound;
using StatusPage.Domain.Components;
using StatusPage.Domain.Monitors;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using Wolverine;

namespace StatusPage.Application.Monitors;

/// <summary>
/// Attaches a monitor to a component and starts its checks. Attaching also hands the component's status to its monitors,
/// if an operator, incident or maintenance had taken it. An unknown component is bad input (400), as everywhere a
/// request names components.
/// </summary>
public static class AttachMonitorEndpoint
{
    public sealed record Target(Component? Component, MonitorSettings Settings, TargetCheck Check, Rejection? Quota);

    public static async Task<Target> LoadAsync(
        Guid id, MonitorRequest command, IQuerySession session, OutboundGuard guard, TenantLimits limits, CancellationToken token)
    {
        var settings = command.Settings(null);
        var monitors = await session.Query<ComponentMonitor>().CountAsync(m => !m.Removed, token);
        return new Target(await session.LoadAsync<Component>(id, token), settings, await TargetCheck.For(settings, guard, token),
            Quotas.Check("monitors", monitors, 1, limits.MonitorsPerOrganization, "Limits:MonitorsPerOrganization"));
    }

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/components/{id}/monitors", OperationId = "attachMonitor")]
    public static (IResult, IMartenOp, OutgoingMessages) Post(
        MonitorRequest command, [NotBody] Target target, IDocumentSession session, HttpContext http, TimeProvider clock)
    {
        var monitorId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var outcome = Outcome.From(target.Quota, () => MonitorRules.Attach(monitorId, target.Component, target.Settings, target.Check.Problem,
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24)), now));
        foreach (var control in outcome.Events.OfType<ComponentMonitorControlChanged>()) session.Events.Append(control.ComponentId, control);
        var (result, start) = Decisions.Start<ComponentMonitor>(http, outcome with { Events = outcome.Events.OfType<MonitorAttached>().ToArray() }, monitorId);
        return (result, start, outcome.Accepted ? RunCheck.Start(monitorId, 1, target.Settings, now) : []);
    }
}
