using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Components;

public sealed record ComponentGroupAdded(Guid GroupId, string Name, string? Description, int Position, DateTimeOffset At) : IComponentGroupEvent;

public sealed record ComponentGroupRenamed(Guid GroupId, string OldName, string NewName, DateTimeOffset At) : IComponentGroupEvent;

public sealed record ComponentGroupDescribed(Guid GroupId, string? OldDescription, string? NewDescription, DateTimeOffset At) : IComponentGroupEvent;

public sealed record ComponentGroupReordered(Guid GroupId, int OldPosition, int NewPosition, DateTimeOffset At) : IComponentGroupEvent;

public sealed record ComponentGroupRemoved(Guid GroupId, DateTimeOffset At) : IComponentGroupEvent;

public sealed class ComponentGroup : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public int Position { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Removed { get; set; }

    public static ComponentGroup Create(ComponentGroupAdded e) => new()
    {
        Id = e.GroupId, Name = e.Name, Description = e.Description, Position = e.Position,
        CreatedAt = e.At, UpdatedAt = e.At
    };

    public void Apply(ComponentGroupRenamed e) => (Name, UpdatedAt) = (e.NewName, e.At);

    public void Apply(ComponentGroupDescribed e) => (Description, UpdatedAt) = (e.NewDescription, e.At);

    public void Apply(ComponentGroupReordered e) => (Position, UpdatedAt) = (e.NewPosition, e.At);

    public void Apply(ComponentGroupRemoved e) => (Removed, UpdatedAt) = (true, e.At);
}

public static class ComponentGroupRules
{
    public static Outcome Add(Guid groupId, string? name, string? description, int position, DateTimeOffset now) =>
        Outcome.From(
            Text.FirstOf(Text.Name(name), Text.Optional(description, "description", Text.MaxDescriptionLength), ComponentRules.Position(position)),
            () => Outcome.Accept(new ComponentGroupAdded(groupId, name!.Trim(), description, position, now)));

    public static Outcome Change(ComponentGroup group, string? name, string? description, int? position, DateTimeOffset now)
    {
        if (group.Removed) return Outcome.NotFound($"Group {group.Id} has been removed.");
        var rejection = Text.FirstOf(
            name is null ? null : Text.Name(name),
            Text.Optional(description, "description", Text.MaxDescriptionLength),
            position is { } p ? ComponentRules.Position(p) : null);
        if (rejection is not null) return new Outcome([], rejection);

        var events = new List<object>();
        if (name is not null && name.Trim() != group.Name)
            events.Add(new ComponentGroupRenamed(group.Id, group.Name, name.Trim(), now));
        if (description is not null && description != (group.Description ?? ""))
            events.Add(new ComponentGroupDescribed(group.Id, group.Description, description.Length == 0 ? null : description, now));
        if (position is { } newPosition && newPosition != group.Position)
            events.Add(new ComponentGroupReordered(group.Id, group.Position, newPosition, now));
        return Outcome.Accept(events);
    }

    /// <summary>A group is only a heading: removing one that still holds components would silently hide them.</summary>
    public static Outcome Remove(ComponentGroup group, int componentsInGroup, DateTimeOffset now) =>
        group.Removed ? Outcome.NotFound($"Group {group.Id} has been removed.")
        : componentsInGroup > 0 ? Outcome.Conflict($"Group {group.Id} still holds {componentsInGroup} component(s); move or remove them first.")
        : Outcome.Accept(new ComponentGroupRemoved(group.Id, now));
}
