using StatusPage.Domain.Components;

namespace StatusPage.Application.ComponentGroups;

public sealed record AddComponentGroup(string? Name, string? Description, int? Position);

public static class AddComponentGroupEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/groups", OperationId = "addComponentGroup")]
    public static (IResult, IMartenOp) Post(AddComponentGroup command, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var outcome = ComponentGroupRules.Add(id, command.Name, command.Description, command.Position ?? 0, clock.GetUtcNow());
        return Decisions.Start<ComponentGroup>(http, outcome, id);
    }
}
