using StatusPage.Domain.Components;

namespace StatusPage.Application.ComponentGroups;

public static class RemoveComponentGroupEndpoint
{
    public sealed record ComponentsInGroup(int Count);

    public static async Task<ComponentsInGroup> LoadAsync(Guid id, IQuerySession session, CancellationToken token) =>
        new(await session.Query<Component>().CountAsync(c => c.GroupId == id && !c.Removed, token));

    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/groups/{id}", OperationId = "removeComponentGroup")]
    public static (IResult, Events) Delete(
        [WriteAggregate("id")] ComponentGroup group, [NotBody] ComponentsInGroup components, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, ComponentGroupRules.Remove(group, components.Count, clock.GetUtcNow()), group.Id, group.Version);
}
