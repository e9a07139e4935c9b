using StatusPage.Application.Components;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;

namespace StatusPage.Application.Incidents;

public sealed record PostIncidentUpdate(
    IncidentStatus? Status, string? Message, Dictionary<Guid, ComponentStatus>? Components, bool? Notify, long? ExpectedVersion);

public static class PostIncidentUpdateEndpoint
{
    public static Task<AffectedComponents> LoadAsync(PostIncidentUpdate command, IQuerySession session, CancellationToken token) =>
        AffectedComponents.For(command.Components, session, token);

    /// <summary>Also how an incident is resolved: post an update with status "resolved".</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/incidents/{id}/updates", OperationId = "postIncidentUpdate")]
    public static (IResult, Events) Post(
        PostIncidentUpdate command, [WriteAggregate("id")] Incident incident, AffectedComponents affected,
        IDocumentSession session, HttpContext http, TimeProvider clock)
    {
        var outcome = IncidentRules.PostUpdate(incident, Guid.NewGuid(), command.Status ?? incident.Status, command.Message,
            command.Components ?? [], affected.Known, command.Notify ?? true, clock.GetUtcNow());
        return Decisions.Respond(http, ComponentStreams.AppendChanges(session, outcome), incident.Id, incident.Version);
    }
}
