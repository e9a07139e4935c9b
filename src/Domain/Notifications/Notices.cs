using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Domain.Notifications;

/// <summary>The kinds of change that people outside the dashboard are told about, by email and by webhook.</summary>
public enum NoticeType
{
    IncidentCreated,
    IncidentUpdated,
    IncidentResolved,
    IncidentPostmortem,
    ComponentStatusChanged,
    MaintenanceScheduled,
    MaintenanceStarted,
    MaintenanceCompleted,
    MaintenanceCancelled,
    ComponentUptimeAlert
}

/// <summary>What one event tells the outside world: which kind of change, about which incident, maintenance or component.</summary>
/// <param name="Components">The components this event touched; an incident's earlier ones are on its stream.</param>
/// <param name="Notify">False when the operator asked that this update go out without notifications.</param>
public sealed record NoticeOf(NoticeType Type, Guid SubjectId, IReadOnlyList<Guid> Components, bool Notify);

public static class Notices
{
    /// <summary>The wire names webhooks and preferences use ("incident.created", …), in <see cref="NoticeType"/> order.</summary>
    public static readonly string[] Names =
    [
        "incident.created", "incident.updated", "incident.resolved", "incident.postmortem", "component.status_changed",
        "maintenance.scheduled", "maintenance.started", "maintenance.completed", "maintenance.cancelled", "component.uptime_alert"
    ];

    public static string Name(this NoticeType type) => Names[(int)type];

    public static NoticeType? Parse(string name) => Array.IndexOf(Names, name) is var i and >= 0 ? (NoticeType)i : null;

    /// <summary>The event types that can give a notice: what the relay reads from the event store.</summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(IncidentDeclared), typeof(IncidentUpdatePosted), typeof(IncidentPostmortemPublished), typeof(ComponentStatusChanged),
        typeof(MaintenanceScheduled), typeof(MaintenanceUpdatePosted), typeof(MaintenanceCancelled), typeof(UptimeAlertRaised)
    ];

    /// <summary>
    /// The notice an event gives, if any. A maintenance moving to "verifying" and an update that repeats a resolved
    /// incident's status are not news to subscribers; everything else on the list is.
    /// </summary>
    public static NoticeOf? For(object @event) => @event switch
    {
        IncidentDeclared e => new(NoticeType.IncidentCreated, e.IncidentId, Ids(e.Components), e.Notify),
        IncidentUpdatePosted e => new(
            e.Status == IncidentStatus.Resolved && e.OldStatus != IncidentStatus.Resolved ? NoticeType.IncidentResolved : NoticeType.IncidentUpdated,
            e.IncidentId, Ids(e.Components), e.Notify),
        IncidentPostmortemPublished e => new(NoticeType.IncidentPostmortem, e.IncidentId, [], true),
        ComponentStatusChanged e => new(NoticeType.ComponentStatusChanged, e.ComponentId, [e.ComponentId], true),
        MaintenanceScheduled e => new(NoticeType.MaintenanceScheduled, e.MaintenanceId, e.Components.Select(c => c.ComponentId).ToArray(), true),
        MaintenanceUpdatePosted { Status: MaintenanceStatus.InProgress, OldStatus: MaintenanceStatus.Scheduled } e =>
            new(NoticeType.MaintenanceStarted, e.MaintenanceId, Ids(e.Components), true),
        MaintenanceUpdatePosted { Status: MaintenanceStatus.Completed } e => new(NoticeType.MaintenanceCompleted, e.MaintenanceId, Ids(e.Components), true),
        MaintenanceCancelled e => new(NoticeType.MaintenanceCancelled, e.MaintenanceId, Ids(e.Components), true),
        UptimeAlertRaised e => new(NoticeType.ComponentUptimeAlert, e.ComponentId, [e.ComponentId], true),
        _ => null
    };

    private static Guid[] Ids(IReadOnlyList<AffectedComponent> components) => components.Select(c => c.ComponentId).ToArray();
}
