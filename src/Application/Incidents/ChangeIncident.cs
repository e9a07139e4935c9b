using Microsoft.AspNetCore.Mvc;
using StatusPage.Domain.Incidents;
using Wolverine.Marten;

namespace StatusPage.Application.Incidents;

public sealed record ChangeIncident(string? Name, IncidentImpact? Impact, long? ExpectedVersion);

public static class ChangeIncidentEndpoint
{
    public static ProblemDetails Before(HttpContext http, ChangeIncident command, Incident incident) =>
        ExpectedVersion.Check(http, command.ExpectedVersion, incident.Version);

    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/incidents/{id}", OperationId = "changeIncident")]
    public static (IResult, Events) Patch(
        ChangeIncident command, [WriteAggregate("id")] Incident incident, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, IncidentRules.Change(incident, command.Name, command.Impact, clock.GetUtcNow()),
            incident.Id, incident.Version);
}
