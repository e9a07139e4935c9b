using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

public static class RemoveComponentEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/components/{id}", OperationId = "removeComponent")]
    public static (IResult, Events) Delete([WriteAggregate("id")] Component component, HttpContext http, TimeProvider clock) =>
        Decisions.Respond(http, ComponentRules.Remove(component, clock.GetUtcNow()), component.Id, component.Version);
}
