using StatusPage.Application.Components;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;

namespace StatusPage.Application.Incidents;

public sealed record DeclareIncident(
    string? Name, IncidentImpact? Impact, IncidentStatus? Status, string? Message,
    Dictionary<Guid, ComponentStatus>? Components, bool? Notify);

public static class DeclareIncidentEndpoint
{
    public static Task<AffectedComponents> LoadAsync(DeclareIncident command, IQuerySession session, CancellationToken token) =>
        AffectedComponents.For(command.Components, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/incidents", OperationId = "declareIncident")]
    public static (IResult, IMartenOp) Post(
        DeclareIncident command, AffectedComponents affected, IDocumentSession session, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var outcome = IncidentRules.Declare(id, Guid.NewGuid(), command.Name, command.Impact ?? IncidentImpact.None,
            command.Status ?? IncidentStatus.Investigating, command.Message, command.Components ?? [], affected.Known,
            command.Notify ?? true, clock.GetUtcNow());
        return Decisions.Start<Incident>(http, ComponentStreams.AppendChanges(session, outcome), id);
    }
}
