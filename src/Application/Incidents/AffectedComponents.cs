using Marten;
using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Incidents;

/// <summary>The caller's components an incident command names; ids of other organizations simply are not found.</summary>
public sealed record AffectedComponents(IReadOnlyCollection<Component> Known)
{
    public static async Task<AffectedComponents> For(
        IReadOnlyDictionary<Guid, ComponentStatus>? requested, IQuerySession session, CancellationToken token) =>
        new(requested is { Count: > 0 } ? await session.LoadManyAsync<Component>(token, requested.Keys) : []);
}

/// <summary>Routes the component status changes an incident decided to the components' own streams.</summary>
public static class ComponentStreams
{
    /// <returns>What is left of the decision for the incident's own stream.</returns>
    public static Outcome AppendChanges(IDocumentSession session, Outcome outcome)
    {
        if (!outcome.Accepted) return outcome;
        foreach (var change in outcome.Events.OfType<ComponentStatusChanged>()) session.Events.Append(change.ComponentId, change);
        return outcome with { Events = outcome.Events.Where(e => e is not ComponentStatusChanged).ToArray() };
    }
}
