namespace StatusPage.Domain.Components;

public enum ComponentStatus
{
    Operational,
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
    UnderMaintenance
}

/// <summary>
/// Who set a component's status: a person or key directly, an incident they declared or updated, or a maintenance
/// window starting or ending.
/// </summary>
public enum StatusSource
{
    Operator,
    Incident,
    Maintenance
}

public sealed record ComponentAdded(
    Guid ComponentId, string Name, string? Description, Guid? GroupId, int Position, ComponentStatus Status,
    DateTimeOffset At);

public sealed record ComponentRenamed(Guid ComponentId, string OldName, string NewName, DateTimeOffset At);

public sealed record ComponentDescribed(Guid ComponentId, string? OldDescription, string? NewDescription, DateTimeOffset At);

public sealed record ComponentMovedToGroup(Guid ComponentId, Guid? OldGroupId, Guid? NewGroupId, DateTimeOffset At);

public sealed record ComponentReordered(Guid ComponentId, int OldPosition, int NewPosition, DateTimeOffset At);

public sealed record ComponentStatusChanged(
    Guid ComponentId, ComponentStatus OldStatus, ComponentStatus NewStatus, StatusSource Source, Guid? IncidentId,
    DateTimeOffset At);

public sealed record ComponentRemoved(Guid ComponentId, DateTimeOffset At);

public sealed class Component
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public Guid? GroupId { get; set; }
    public int Position { get; set; }
    public ComponentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Removed { get; set; }

    /// <summary>
    /// What the component was when it last went under maintenance: what the last of overlapping windows gives back,
    /// when the one that put it under maintenance has completed before it.
    /// </summary>
    public ComponentStatus StatusBeforeMaintenance { get; set; }

    public static Component Create(ComponentAdded e) => new()
    {
        Id = e.ComponentId, Name = e.Name, Description = e.Description, GroupId = e.GroupId,
        Position = e.Position, Status = e.Status, CreatedAt = e.At, UpdatedAt = e.At
    };

    public void Apply(ComponentRenamed e) => (Name, UpdatedAt) = (e.NewName, e.At);

    public void Apply(ComponentDescribed e) => (Description, UpdatedAt) = (e.NewDescription, e.At);

    public void Apply(ComponentMovedToGroup e) => (GroupId, UpdatedAt) = (e.NewGroupId, e.At);

    public void Apply(ComponentReordered e) => (Position, UpdatedAt) = (e.NewPosition, e.At);

    public void Apply(ComponentStatusChanged e)
    {
        if (e.NewStatus == ComponentStatus.UnderMaintenance && e.OldStatus != ComponentStatus.UnderMaintenance)
            StatusBeforeMaintenance = e.OldStatus;
        (Status, UpdatedAt) = (e.NewStatus, e.At);
    }

    public void Apply(ComponentRemoved e) => (Removed, UpdatedAt) = (true, e.At);
}
