using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Maintenances;

/// <summary>In the order a maintenance moves through them; it never moves back.</summary>
public enum MaintenanceStatus
{
    Scheduled,
    InProgress,
    Verifying,
    Completed,
    Cancelled
}

/// <summary>A component a maintenance covers, named as it was when the window was scheduled.</summary>
public sealed record MaintenanceComponent(Guid ComponentId, string Name);

public sealed record MaintenanceScheduled(
    Guid MaintenanceId, string Name, Guid UpdateId, string Message, IReadOnlyList<MaintenanceComponent> Components,
    DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil, bool AutoStart, bool AutoComplete, DateTimeOffset At) : IMaintenanceEvent, INoticeEvent;

public sealed record MaintenanceRescheduled(
    Guid MaintenanceId, DateTimeOffset OldScheduledFor, DateTimeOffset OldScheduledUntil, bool OldAutoStart, bool OldAutoComplete,
    DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil, bool AutoStart, bool AutoComplete, DateTimeOffset At) : IMaintenanceEvent;

public sealed record MaintenanceRenamed(Guid MaintenanceId, string OldName, string NewName, DateTimeOffset At) : IMaintenanceEvent;

/// <param name="Components">
/// The components this update moved: under maintenance when it starts (their old status is what completion
/// restores), back when it completes.
/// </param>
/// <param name="Automatic">Posted by the window's own clock (auto-start, auto-complete) rather than by a person or key.</param>
public sealed record MaintenanceUpdatePosted(
    Guid MaintenanceId, Guid UpdateId, MaintenanceStatus OldStatus, MaintenanceStatus Status, string Message,
    IReadOnlyList<AffectedComponent> Components, bool Automatic, DateTimeOffset At) : IMaintenanceEvent, INoticeEvent;

public sealed record MaintenanceCancelled(
    Guid MaintenanceId, MaintenanceStatus OldStatus, IReadOnlyList<AffectedComponent> Components, DateTimeOffset At) : IMaintenanceEvent, INoticeEvent;

/// <summary>
/// What decisions about a maintenance window need: where it stands, when it runs, and the status each component had
/// before the window put it under maintenance. The timeline readers see is a projection.
/// </summary>
public sealed class Maintenance : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public MaintenanceStatus Status { get; set; }
    public DateTimeOffset ScheduledFor { get; set; }
    public DateTimeOffset ScheduledUntil { get; set; }
    public bool AutoStart { get; set; }
    public bool AutoComplete { get; set; }
    public List<Guid> Components { get; set; } = new();

    /// <summary>Components this window put under maintenance, with the status each had before: what completion restores.</summary>
    public Dictionary<Guid, ComponentStatus> StatusesBefore { get; set; } = new();

    public bool Finished => Status is MaintenanceStatus.Completed or MaintenanceStatus.Cancelled;

    public static Maintenance Create(MaintenanceScheduled e) => new()
    {
        Id = e.MaintenanceId, Name = e.Name, Status = MaintenanceStatus.Scheduled, ScheduledFor = e.ScheduledFor,
        ScheduledUntil = e.ScheduledUntil, AutoStart = e.AutoStart, AutoComplete = e.AutoComplete,
        Components = e.Components.Select(c => c.ComponentId).ToList()
    };

    public void Apply(MaintenanceRescheduled e) =>
        (ScheduledFor, ScheduledUntil, AutoStart, AutoComplete) = (e.ScheduledFor, e.ScheduledUntil, e.AutoStart, e.AutoComplete);

    public void Apply(MaintenanceRenamed e) => Name = e.NewName;

    public void Apply(MaintenanceUpdatePosted e) => Move(e.Status, e.Components);

    public void Apply(MaintenanceCancelled e) => Move(MaintenanceStatus.Cancelled, e.Components);

    private void Move(MaintenanceStatus status, IReadOnlyList<AffectedComponent> components)
    {
        Status = status;
        if (Finished)
        {
            StatusesBefore.Clear();
            return;
        }

        foreach (var component in components.Where(c => c.NewStatus == ComponentStatus.UnderMaintenance))
            StatusesBefore.TryAdd(component.ComponentId, component.OldStatus);
    }
}
