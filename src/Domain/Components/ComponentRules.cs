using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Components;

/// <summary>
/// What an operator asks to change on a component; null means "leave as it is". <see cref="MonitorControl"/> true hands
/// the component's status to its monitors, false takes it back without setting a status.
/// </summary>
public sealed record ComponentChanges(
    string? Name = null,
    string? Description = null,
    bool MoveToGroup = false,
    Guid? GroupId = null,
    int? Position = null,
    ComponentStatus? Status = null,
    bool? MonitorControl = null);

public static class ComponentRules
{
    public static Outcome Add(
        Guid componentId, string? name, string? description, Guid? groupId, bool groupExists, int position,
        ComponentStatus status, DateTimeOffset now) =>
        Outcome.From(
            Text.FirstOf(
                Text.Name(name),
                Text.Optional(description, "description", Text.MaxDescriptionLength),
                Position(position),
                Group(groupId, groupExists)),
            () => Outcome.Accept(new ComponentAdded(componentId, name!.Trim(), description, groupId, position, status, now)));

    /// <summary>Turns a patch into one event per thing that really changes, so the history says exactly what moved.</summary>
    public static Outcome Change(Component component, ComponentChanges changes, bool groupExists, DateTimeOffset now)
    {
        if (component.Removed) return Outcome.NotFound($"Component {component.Id} has been removed.");

        var rejection = Text.FirstOf(
            changes.Name is null ? null : Text.Name(changes.Name),
            Text.Optional(changes.Description, "description", Text.MaxDescriptionLength),
            changes.Position is { } p ? Position(p) : null,
            changes.MoveToGroup ? Group(changes.GroupId, groupExists) : null,
            changes is { MonitorControl: true, Status: not null }
                ? Rejection.Invalid("status", "Set a 'status' or hand the component to its monitors with 'monitorControl', not both.")
                : null);
        if (rejection is not null) return new Outcome([], rejection);

        var events = new List<object>();
        if (changes.Name is { } name && name.Trim() != component.Name)
            events.Add(new ComponentRenamed(component.Id, component.Name, name.Trim(), now));
        if (changes.Description is { } description && description != (component.Description ?? ""))
            events.Add(new ComponentDescribed(component.Id, component.Description, description.Length == 0 ? null : description, now));
        if (changes.MoveToGroup && changes.GroupId != component.GroupId)
            events.Add(new ComponentMovedToGroup(component.Id, component.GroupId, changes.GroupId, now));
        if (changes.Position is { } position && position != component.Position)
            events.Add(new ComponentReordered(component.Id, component.Position, position, now));
        if (changes.Status is { } status && status != component.Status)
            events.Add(new ComponentStatusChanged(component.Id, component.Status, status, StatusSource.Operator, null, now));
        // An operator's status already takes the component from its monitors.
        if (changes.MonitorControl is { } control && control != component.MonitorControl && !events.OfType<ComponentStatusChanged>().Any())
            events.Add(new ComponentMonitorControlChanged(component.Id, control, now));
        return Outcome.Accept(events);
    }

    /// <summary>
    /// The listed components take positions 0, 1, 2… in that order: one command for a drag or a move however many
    /// positions shift, and an event only for those that really move.
    /// </summary>
    public static Outcome Reorder(IReadOnlyList<Guid> order, IReadOnlyCollection<Component> known, DateTimeOffset now)
    {
        if (order.Count == 0 || order.Distinct().Count() != order.Count)
            return Outcome.Invalid("components", "'components' must list the components in their new order, each once.");
        var components = known.Where(c => !c.Removed).ToDictionary(c => c.Id);
        var unknown = order.Where(id => !components.ContainsKey(id)).ToList();
        if (unknown.Count > 0) return Outcome.Invalid("components", $"Unknown component(s): {string.Join(", ", unknown)}.");
        return Outcome.Accept(order.Select((id, position) => (Component: components[id], Position: position))
            .Where(moved => moved.Component.Position != moved.Position)
            .Select(moved => new ComponentReordered(moved.Component.Id, moved.Component.Position, moved.Position, now)));
    }

    public static Outcome Remove(Component component, DateTimeOffset now) =>
        component.Removed
            ? Outcome.NotFound($"Component {component.Id} has been removed.")
            : Outcome.Accept(new ComponentRemoved(component.Id, now));

    internal static Rejection? Position(int position) =>
        position < 0 ? Rejection.Invalid("position", "'position' cannot be negative.") : null;

    private static Rejection? Group(Guid? groupId, bool groupExists) =>
        groupId is { } id && !groupExists ? Rejection.Invalid("groupId", $"Group {id} does not exist.") : null;
}
