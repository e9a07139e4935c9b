using Marten.Events.Aggregation;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Projections.Maintenances;

public sealed record MaintenanceUpdate(
    Guid Id, MaintenanceStatus Status, string Message, IReadOnlyList<AffectedComponent> AffectedComponents, bool Automatic,
    DateTimeOffset At);

/// <summary>A maintenance window as readers see it: its times, its components and every update newest first.</summary>
public sealed class MaintenanceTimeline
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public MaintenanceStatus Status { get; set; }
    public DateTimeOffset ScheduledFor { get; set; }
    public DateTimeOffset ScheduledUntil { get; set; }
    public bool AutoStart { get; set; }
    public bool AutoComplete { get; set; }
    public List<MaintenanceComponent> Components { get; set; } = new();
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public List<MaintenanceUpdate> Updates { get; set; } = new();
}

public sealed partial class MaintenanceTimelineProjection : SingleStreamProjection<MaintenanceTimeline, Guid>
{
    public static MaintenanceTimeline Create(MaintenanceScheduled e) => new()
    {
        Id = e.MaintenanceId, Name = e.Name, Status = MaintenanceStatus.Scheduled, ScheduledFor = e.ScheduledFor,
        ScheduledUntil = e.ScheduledUntil, AutoStart = e.AutoStart, AutoComplete = e.AutoComplete, Components = e.Components.ToList(),
        CreatedAt = e.At, UpdatedAt = e.At,
        Updates = [new MaintenanceUpdate(e.UpdateId, MaintenanceStatus.Scheduled, e.Message, [], false, e.At)]
    };

    public void Apply(MaintenanceRescheduled e, MaintenanceTimeline timeline) =>
        (timeline.ScheduledFor, timeline.ScheduledUntil, timeline.AutoStart, timeline.AutoComplete, timeline.UpdatedAt) =
        (e.ScheduledFor, e.ScheduledUntil, e.AutoStart, e.AutoComplete, e.At);

    public void Apply(MaintenanceRenamed e, MaintenanceTimeline timeline) => (timeline.Name, timeline.UpdatedAt) = (e.NewName, e.At);

    public void Apply(MaintenanceUpdatePosted e, MaintenanceTimeline timeline)
    {
        (timeline.Status, timeline.UpdatedAt) = (e.Status, e.At);
        if (e.Status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying) timeline.StartedAt ??= e.At;
        if (e.Status == MaintenanceStatus.Completed) timeline.CompletedAt = e.At;
        timeline.Updates.Insert(0, new MaintenanceUpdate(e.UpdateId, e.Status, e.Message, e.Components, e.Automatic, e.At));
    }

    public void Apply(MaintenanceCancelled e, MaintenanceTimeline timeline) =>
        (timeline.Status, timeline.CancelledAt, timeline.UpdatedAt) = (MaintenanceStatus.Cancelled, e.At, e.At);
}
