using StatusPage.Application.Outbound;
using StatusPage.Domain.Monitors;
using Wolverine;

namespace StatusPage.Application.Monitors;

/// <summary>Merge-patch of a monitor's settings; a real change restarts its checks on the new settings.</summary>
public static class ChangeMonitorEndpoint
{
    public static async Task<TargetCheck> LoadAsync(
        Guid id, MonitorRequest command, IQuerySession session, OutboundGuard guard, CancellationToken token) =>
        await session.LoadAsync<ComponentMonitor>(id, token) is { } monitor
            ? await TargetCheck.For(command.Settings(monitor.Settings), guard, token)
            : new TargetCheck(null);

    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/monitors/{id}", OperationId = "changeMonitor")]
    public static (IResult, Events, OutgoingMessages) Patch(
        MonitorRequest command, [WriteAggregate("id")] ComponentMonitor monitor, TargetCheck target, HttpContext http, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var settings = command.Settings(monitor.Settings);
        var outcome = MonitorRules.Change(monitor, settings, target.Problem, now);
        var (result, events) = Decisions.Respond(http, outcome, monitor.Id, monitor.Version);
        return (result, events, events.Count > 0 ? RunCheck.Start(monitor.Id, monitor.Version + events.Count, settings, now) : []);
    }
}
