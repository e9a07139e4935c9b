using StatusPage.Domain.Components;

namespace StatusPage.Application.ComponentGroups;

public static class ListComponentGroupsEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/groups", OperationId = "listComponentGroups")]
    public static Task<IReadOnlyList<ComponentGroup>> Get(IQuerySession session, CancellationToken token) =>
        session.Query<ComponentGroup>().Where(g => !g.Removed).OrderBy(g => g.Position).ThenBy(g => g.Name).ToListAsync(token);
}
