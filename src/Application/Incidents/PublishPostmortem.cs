using StatusPage.Domain.Incidents;

namespace StatusPage.Application.Incidents;

/// <summary>The postmortem body is markdown; it is stored as written and rendered safely by whoever shows it.</summary>
public sealed record PublishPostmortem(string? Body, long? ExpectedVersion);

public static class PublishPostmortemEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/incidents/{id}/postmortem", OperationId = "publishPostmortem")]
    public static (IResult, Events) Post(
        PublishPostmortem command, [WriteAggregate("id")] Incident incident, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, IncidentRules.PublishPostmortem(incident, command.Body, clock.GetUtcNow()), incident.Id, incident.Version);
}
