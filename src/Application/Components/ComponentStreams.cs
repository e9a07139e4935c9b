using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Components;

/// <summary>Routes the component status changes an incident or maintenance decided to the components' own streams.</summary>
public static class ComponentStreams
{
    /// <returns>What is left of the decision for the deciding stream itself.</returns>
    public static Outcome AppendChanges(IDocumentSession session, Outcome outcome)
    {
        if (!outcome.Accepted) return outcome;
        foreach (var change in outcome.Events.OfType<ComponentStatusChanged>()) session.Events.Append(change.ComponentId, change);
        return outcome with { Events = outcome.Events.Where(e => e is not ComponentStatusChanged).ToArray() };
    }
}
