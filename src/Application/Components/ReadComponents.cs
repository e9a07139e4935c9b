using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

public static class ReadComponentsEndpoints
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/components", OperationId = "listComponents")]
    public static Task<IReadOnlyList<Component>> List(IQuerySession session, CancellationToken token) =>
        session.Query<Component>().Where(c => !c.Removed).OrderBy(c => c.Position).ThenBy(c => c.Name).ToListAsync(token);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/components/{id}", OperationId = "getComponent")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, CancellationToken token)
    {
        var component = await session.LoadAsync<Component>(id, token);
        if (component is null or { Removed: true }) return Problems.NotFound("Component", id);
        ExpectedVersion.Tag(http, component.Version);
        return Results.Ok(component);
    }
}
