using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

public sealed record AddComponent(string? Name, string? Description, Guid? GroupId, int? Position, ComponentStatus? Status);

public static class AddComponentEndpoint
{
    public static Task<GroupLookup> LoadAsync(AddComponent command, IQuerySession session, CancellationToken token) =>
        GroupLookup.For(command.GroupId, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/components", OperationId = "addComponent")]
    public static (IResult, IMartenOp) Post(AddComponent command, GroupLookup group, HttpContext http, TimeProvider clock)
    {
        var id = Guid.NewGuid();
        var outcome = ComponentRules.Add(id, command.Name, command.Description, command.GroupId, group.Exists,
            command.Position ?? 0, command.Status ?? ComponentStatus.Operational, clock.GetUtcNow());
        return Decisions.Start<Component>(http, outcome, id);
    }
}
