using System.Collections.Frozen;
using System.Reflection;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Notifications;

/// <summary>
/// The kinds of change that people outside the dashboard are told about, by email and by webhook. Each says its wire
/// name and what its subject is, so a kind added here is named everywhere at once.
/// </summary>
public enum NoticeType
{
    [NoticeKind("incident.created", NoticeSubject.Incident)] IncidentCreated,
    [NoticeKind("incident.updated", NoticeSubject.Incident)] IncidentUpdated,
    [NoticeKind("incident.resolved", NoticeSubject.Incident)] IncidentResolved,
    [NoticeKind("incident.postmortem", NoticeSubject.Incident)] IncidentPostmortem,
    [NoticeKind("component.status_changed", NoticeSubject.Component)] ComponentStatusChanged,
    [NoticeKind("maintenance.scheduled", NoticeSubject.Maintenance)] MaintenanceScheduled,
    [NoticeKind("maintenance.started", NoticeSubject.Maintenance)] MaintenanceStarted,
    [NoticeKind("maintenance.completed", NoticeSubject.Maintenance)] MaintenanceCompleted,
    [NoticeKind("maintenance.cancelled", NoticeSubject.Maintenance)] MaintenanceCancelled,
    [NoticeKind("component.uptime_alert", NoticeSubject.Component)] ComponentUptimeAlert
}

/// <summary>What kind of stream a notice's subject is.</summary>
public enum NoticeSubject
{
    Incident,
    Component,
    Maintenance
}

/// <param name="Name">The wire name webhooks and preferences use ("incident.created", …).</param>
/// <param name="Subject">What kind of stream the notice is about.</param>
[AttributeUsage(AttributeTargets.Field)]
public sealed class NoticeKindAttribute(string name, NoticeSubject subject) : Attribute
{
    public string Name { get; } = name;
    public NoticeSubject Subject { get; } = subject;
}

/// <summary>What one event tells the outside world: which kind of change, about which incident, maintenance or component.</summary>
/// <param name="Components">The components this event touched; an incident's earlier ones are on its stream.</param>
/// <param name="Notify">False when the operator asked that this update go out without notifications.</param>
public sealed record NoticeOf(NoticeType Type, Guid SubjectId, IReadOnlyList<Guid> Components, bool Notify);

public static class Notices
{
    private static readonly FrozenDictionary<NoticeType, NoticeKindAttribute> Kinds = Enum.GetValues<NoticeType>().ToFrozenDictionary(
        type => type,
        type => typeof(NoticeType).GetField(type.ToString())!.GetCustomAttribute<NoticeKindAttribute>()
            ?? throw new InvalidOperationException($"NoticeType.{type} has no [NoticeKind]"));

    private static readonly FrozenDictionary<string, NoticeType> ByName = Kinds.ToFrozenDictionary(k => k.Value.Name, k => k.Key);

    /// <summary>The wire names webhooks and preferences use ("incident.created", …), in <see cref="NoticeType"/> order.</summary>
    public static readonly string[] Names = Enum.GetValues<NoticeType>().Select(type => Kinds[type].Name).ToArray();

    public static string Name(this NoticeType type) => Kinds[type].Name;

    public static NoticeSubject Subject(this NoticeType type) => Kinds[type].Subject;

    public static NoticeType? Parse(string? name) => name is not null && ByName.TryGetValue(name, out var type) ? type : null;

    /// <summary>The event types that can give a notice: what the relay reads from the event store.</summary>
    public static readonly IReadOnlyList<Type> EventTypes = EventKinds.Of<INoticeEvent>();

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
