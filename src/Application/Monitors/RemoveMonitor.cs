using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Monitors;

/// <summary>Removing a monitor ends its checks (the next one finds it removed) and keeps its history.</summary>
public static class RemoveMonitorEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/monitors/{id}", OperationId = "removeMonitor")]
    public static (IResult, Events) Delete([WriteAggregate("id")] ComponentMonitor monitor, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, MonitorRules.Remove(monitor, clock.GetUtcNow()), monitor.Id, monitor.Version);
}
