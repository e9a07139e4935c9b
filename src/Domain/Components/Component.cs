using StatusPage.Domain.Shared;

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
/// Who set a component's status: a person or key directly, an incident they declared or updated, a maintenance
/// window starting or ending, one of its monitors, or an alert from a monitoring system.
/// </summary>
public enum StatusSource
{
    Operator,
    Incident,
    Maintenance,
    Monitor,
    Alert
}

/// <summary>Why a monitor moved a component: the check that tipped it and how many in a row agreed.</summary>
public sealed record MonitorEvidence(
    Guid MonitorId, string MonitorName, DateTimeOffset PlannedAt, bool Success, int LatencyMs, string? Reason, int Consecutive);

public sealed record ComponentAdded(
    Guid ComponentId, string Name, string? Description, Guid? GroupId, int Position, ComponentStatus Status,
    DateTimeOffset At) : IComponentEvent;

public sealed record ComponentRenamed(Guid ComponentId, string OldName, string NewName, DateTimeOffset At) : IComponentEvent;

public sealed record ComponentDescribed(Guid ComponentId, string? OldDescription, string? NewDescription, DateTimeOffset At) : IComponentEvent;

public sealed record ComponentMovedToGroup(Guid ComponentId, Guid? OldGroupId, Guid? NewGroupId, DateTimeOffset At) : IComponentEvent;

public sealed record ComponentReordered(Guid ComponentId, int OldPosition, int NewPosition, DateTimeOffset At) : IComponentEvent;

/// <summary>Why an alert source moved a component: the alert that tipped it, as the monitoring system labelled it.</summary>
public sealed record AlertEvidence(Guid SourceId, string SourceName, string Fingerprint, IReadOnlyDictionary<string, string> Labels);

/// <param name="Evidence">The check behind a monitor's change; null for every other source.</param>
/// <param name="Alert">The alert behind an alert source's change; null for every other source.</param>
public sealed record ComponentStatusChanged(
    Guid ComponentId, ComponentStatus OldStatus, ComponentStatus NewStatus, StatusSource Source, Guid? IncidentId,
    DateTimeOffset At, MonitorEvidence? Evidence = null, AlertEvidence? Alert = null) : IComponentEvent, INoticeEvent;

/// <summary>
/// Whether the component's monitors may set its status. Attaching a monitor or an operator's explicit hand-back gives
/// it to them; any status set by a person, an incident or a maintenance takes it away again. The hand-back also
/// returns the component to its alert sources.
/// </summary>
public sealed record ComponentMonitorControlChanged(Guid ComponentId, bool MonitorControl, DateTimeOffset At);

public sealed record ComponentRemoved(Guid ComponentId, DateTimeOffset At) : IComponentEvent;

/// <summary>The component's uptime for a whole UTC day fell below its organization's threshold.</summary>
public sealed record UptimeAlertRaised(Guid ComponentId, DateOnly Day, double Percent, double Threshold, DateTimeOffset At) : INoticeEvent;

public sealed class Component : IVersioned
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
    public bool MonitorControl { get; set; }

    /// <summary>
    /// A person (directly or through an incident's update) set the status last: alert sources leave it alone until
    /// the operator hands it back, as monitors do. Unlike <see cref="MonitorControl"/> it starts free, because no
    /// alert source is attached to a component: its alerts name it.
    /// </summary>
    public bool HeldByOperator { get; set; }
    public DateOnly? LastUptimeAlert { get; set; }

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

    /// <summary>
    /// An operator's or an incident's status takes the component from its monitors until the operator hands it back;
    /// a maintenance window's does not, because monitors stand aside only while a window is under way.
    /// </summary>
    public void Apply(ComponentStatusChanged e)
    {
        if (e.NewStatus == ComponentStatus.UnderMaintenance && e.OldStatus != ComponentStatus.UnderMaintenance)
            StatusBeforeMaintenance = e.OldStatus;
        (Status, UpdatedAt) = (e.NewStatus, e.At);
        MonitorControl &= e.Source is StatusSource.Monitor or StatusSource.Maintenance or StatusSource.Alert;
        HeldByOperator |= e.Source is StatusSource.Operator or StatusSource.Incident;
    }

    public void Apply(ComponentMonitorControlChanged e)
    {
        (MonitorControl, UpdatedAt) = (e.MonitorControl, e.At);
        HeldByOperator &= !e.MonitorControl;
    }

    public void Apply(UptimeAlertRaised e) => LastUptimeAlert = e.Day;

    public void Apply(ComponentRemoved e) => (Removed, UpdatedAt) = (true, e.At);
}
