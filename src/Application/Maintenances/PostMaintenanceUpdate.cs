using StatusPage.Application.Components;
using StatusPage.Application.Incidents;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Application.Maintenances;

public sealed record PostMaintenanceUpdate(MaintenanceStatus? Status, string? Message, long? ExpectedVersion);

public static class PostMaintenanceUpdateEndpoint
{
    public static Task<MaintenanceComponents> LoadAsync(Maintenance maintenance, IQuerySession session, CancellationToken token) =>
        MaintenanceComponents.For(maintenance, session, token);

    /// <summary>Also how a maintenance is started or completed by hand: post an update with that status.</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/maintenances/{id}/updates", OperationId = "postMaintenanceUpdate")]
    public static (IResult, Events) Post(
        PostMaintenanceUpdate command, [WriteAggregate("id")] Maintenance maintenance, MaintenanceComponents components,
        IDocumentSession session, HttpContext http, TimeProvider clock)
    {
        var outcome = MaintenanceRules.PostUpdate(maintenance, Guid.NewGuid(), command.Status ?? maintenance.Status, command.Message,
            components.Known, components.HeldElsewhere, clock.GetUtcNow());
        return Decisions.Respond(http, ComponentStreams.AppendChanges(session, outcome), maintenance.Id, maintenance.Version);
    }
}
