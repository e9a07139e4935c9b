using StatusPage.Domain.Components;

namespace StatusPage.Application.ComponentGroups;

public sealed record ChangeComponentGroup(string? Name, string? Description, int? Position, long? ExpectedVersion);

public static class ChangeComponentGroupEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/groups/{id}", OperationId = "changeComponentGroup")]
    public static (IResult, Events) Patch(
        ChangeComponentGroup command, [WriteAggregate("id")] ComponentGroup group, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, ComponentGroupRules.Change(group, command.Name, command.Description, command.Position, clock.GetUtcNow()),
            group.Id, group.Version);
}
