using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Alerts;

/// <summary>Merge patch: absent fields stay; <c>severities</c>, when given, replaces the whole map.</summary>
public sealed record ChangeAlertSource(
    string? Name, AlertSourceKind? Kind, string? ComponentLabel, Dictionary<string, ComponentStatus>? Severities, bool? OpenIncidents,
    bool? AutoResolve, long? ExpectedVersion);

public static class ChangeAlertSourceEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/alert-sources/{id}", OperationId = "changeAlertSource")]
    public static (IResult, Events) Patch(ChangeAlertSource command, [WriteAggregate("id")] AlertSource source, HttpContext http, TimeProvider clock)
    {
        var request = new AlertSourceRequest(command.Name, command.Kind, command.ComponentLabel, command.Severities, command.OpenIncidents, command.AutoResolve);
        return Decisions.Respond(http, AlertRules.Change(source, request, clock.GetUtcNow()), source.Id, source.Version);
    }
}
