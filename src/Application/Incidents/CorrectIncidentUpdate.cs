using StatusPage.Domain.Incidents;
using StatusPage.Projections.Incidents;

namespace StatusPage.Application.Incidents;

public sealed record CorrectIncidentUpdate(string? Message, long? ExpectedVersion);

public static class CorrectIncidentUpdateEndpoint
{
    /// <summary>What the update says now: the incident's write model keeps no messages, its timeline does.</summary>
    public sealed record Said(string? Message);

    public static async Task<Said> LoadAsync(Guid id, Guid updateId, IQuerySession session, CancellationToken token) =>
        new((await session.Events.AggregateStreamAsync<IncidentTimeline>(id, token: token))?.Updates
            .FirstOrDefault(u => u.Id == updateId)?.Message);

    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/incidents/{id}/updates/{updateId}", OperationId = "correctIncidentUpdate")]
    public static (IResult, Events) Patch(
        CorrectIncidentUpdate command, Guid updateId, [WriteAggregate("id")] Incident incident, Said said, HttpContext http,
        TimeProvider clock) =>
        Decisions.Respond(http, IncidentRules.CorrectUpdate(incident, updateId, said.Message, command.Message, clock.GetUtcNow()),
            incident.Id, incident.Version);
}
