using StatusPage.Application.Incidents;
using StatusPage.Domain.Maintenances;
using Wolverine;

namespace StatusPage.Application.Maintenances;

/// <summary>With <c>autoStart</c> / <c>autoComplete</c> the window starts and completes by itself at its times.</summary>
public sealed record ScheduleMaintenance(
    string? Name, string? Message, List<Guid>? Components, DateTimeOffset? ScheduledFor, DateTimeOffset? ScheduledUntil,
    bool? AutoStart, bool? AutoComplete);

public static class ScheduleMaintenanceEndpoint
{
    public static Task<AffectedComponents> LoadAsync(ScheduleMaintenance command, IQuerySession session, CancellationToken token) =>
        AffectedComponents.For(command.Components, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/maintenances", OperationId = "scheduleMaintenance")]
    public static (IResult, IMartenOp, OutgoingMessages) Post(
        ScheduleMaintenance command, AffectedComponents components, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var outcome = MaintenanceRules.Schedule(id, Guid.NewGuid(), command.Name, command.Message, command.Components ?? [],
            components.Known, command.ScheduledFor, command.ScheduledUntil, command.AutoStart ?? false, command.AutoComplete ?? false,
            clock.GetUtcNow());
        var (result, start) = Decisions.Start<Maintenance>(http, outcome, id);
        return (result, start, MaintenanceTimers.For(outcome));
    }
}
