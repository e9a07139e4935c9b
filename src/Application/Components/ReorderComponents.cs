using StatusPage.Application.Incidents;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

/// <summary>The components of a list (a group, or the ungrouped ones) in their new order, as a drag or a move button leaves them.</summary>
public sealed record ReorderComponents(List<Guid>? Components);

public static class ReorderComponentsEndpoint
{
    public static Task<AffectedComponents> LoadAsync(ReorderComponents command, IQuerySession session, CancellationToken token) =>
        AffectedComponents.For(command.Components, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/components/order", OperationId = "reorderComponents")]
    public static IResult Post(ReorderComponents command, AffectedComponents components, IDocumentSession session, TimeProvider clock)
    {
        var outcome = ComponentRules.Reorder(command.Components ?? [], components.Known, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return Problems.From(rejection);
        foreach (var moved in outcome.Events.OfType<ComponentReordered>()) session.Events.Append(moved.ComponentId, moved);
        return Results.NoContent();
    }
}
