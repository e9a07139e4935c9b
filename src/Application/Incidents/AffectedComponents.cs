using Marten;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Incidents;

/// <summary>The caller's components an incident command names; ids of other organizations simply are not found.</summary>
public sealed record AffectedComponents(IReadOnlyCollection<Component> Known)
{
    public static async Task<AffectedComponents> For(
        IReadOnlyDictionary<Guid, ComponentStatus>? requested, IQuerySession session, CancellationToken token) =>
        new(requested is { Count: > 0 } ? await session.LoadManyAsync<Component>(token, requested.Keys) : []);
}

/// <summary>Appends the component status changes an incident decided to each component's own stream.</summary>
public static class ComponentStreams
{
    public static void Append(IDocumentSession session, IEnumerable<ComponentStatusChanged> changes)
    {
        foreach (var change in changes) session.Events.Append(change.ComponentId, change);
    }
}
