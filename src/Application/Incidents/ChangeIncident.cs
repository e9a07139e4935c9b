using StatusPage.Domain.Incidents;

namespace StatusPage.Application.Incidents;

public sealed record ChangeIncident(string? Name, IncidentImpact? Impact, long? ExpectedVersion);

public static class ChangeIncidentEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/incidents/{id}", OperationId = "changeIncident")]
    public static (IResult, Events) Patch(
        ChangeIncident command, [WriteAggregate("id")] Incident incident, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, IncidentRules.Change(incident, command.Name, command.Impact, clock.GetUtcNow()),
            incident.Id, incident.Version);
}
