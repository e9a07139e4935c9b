using StatusPage.Domain.Maintenances;
using Wolverine;

namespace StatusPage.Application.Maintenances;

/// <summary>Rename or reschedule; absent fields stay as they are.</summary>
public sealed record ChangeMaintenance(
    string? Name, DateTimeOffset? ScheduledFor, DateTimeOffset? ScheduledUntil, bool? AutoStart, bool? AutoComplete, long? ExpectedVersion);

public static class ChangeMaintenanceEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/maintenances/{id}", OperationId = "changeMaintenance")]
    public static (IResult, Events, OutgoingMessages) Patch(
        ChangeMaintenance command, [WriteAggregate("id")] Maintenance maintenance, HttpContext http, TimeProvider clock)
    {
        var outcome = MaintenanceRules.Change(maintenance, command.Name, command.ScheduledFor, command.ScheduledUntil, command.AutoStart,
            command.AutoComplete, clock.GetUtcNow());
        var (result, events) = Decisions.Respond(http, outcome, maintenance.Id, maintenance.Version);
        return (result, events, MaintenanceTimers.For(outcome));
    }
}
