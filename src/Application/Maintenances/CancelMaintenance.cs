using StatusPage.Application.Components;
using StatusPage.Application.Incidents;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Application.Maintenances;

/// <summary>No body: the expected version, when wanted, comes as If-Match.</summary>
public static class CancelMaintenanceEndpoint
{
    public static Task<MaintenanceComponents> LoadAsync(Maintenance maintenance, IQuerySession session, CancellationToken token) =>
        MaintenanceComponents.For(maintenance, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/maintenances/{id}/cancel", OperationId = "cancelMaintenance")]
    public static (IResult, Events) Post(
        [WriteAggregate("id")] Maintenance maintenance, [NotBody] MaintenanceComponents components, IDocumentSession session,
        HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, ComponentStreams.AppendChanges(session, MaintenanceRules.Cancel(maintenance, components.Known, components.HeldElsewhere, clock.GetUtcNow())),
            maintenance.Id, maintenance.Version);
}
