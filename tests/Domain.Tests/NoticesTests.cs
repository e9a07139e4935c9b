using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Notifications;

namespace StatusPage.Domain.Tests;

public class NoticesTests
{
    private static readonly Guid Api = Guid.NewGuid();
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z");
    private static readonly AffectedComponent[] Down = [new(Api, "API", ComponentStatus.Operational, ComponentStatus.MajorOutage)];

    [Fact]
    public void An_incident_is_created_updated_and_resolved_once()
    {
        var id = Guid.NewGuid();
        var created = Notice(new IncidentDeclared(
            id, "Down", IncidentImpact.Major, IncidentStatus.Investigating, Guid.NewGuid(), "Looking", Down, false, Now));
        Assert.Equal((NoticeType.IncidentCreated, id, false), (created.Type, created.SubjectId, created.Notify));
        Assert.Equal([Api], created.Components);
        Assert.Equal(NoticeType.IncidentUpdated, Notice(Update(id, IncidentStatus.Investigating, IncidentStatus.Identified)).Type);
        Assert.Equal(NoticeType.IncidentResolved, Notice(Update(id, IncidentStatus.Monitoring, IncidentStatus.Resolved)).Type);
        Assert.Equal(NoticeType.IncidentUpdated, Notice(Update(id, IncidentStatus.Resolved, IncidentStatus.Resolved)).Type);
        Assert.Equal(NoticeType.IncidentPostmortem, Notice(new IncidentPostmortemPublished(id, "Why", Now)).Type);
    }

    [Fact]
    public void An_update_keeps_the_operators_do_not_notify_choice_and_its_components()
    {
        var notice = Notice(Update(Guid.NewGuid(), IncidentStatus.Investigating, IncidentStatus.Identified, notify: false));
        Assert.False(notice.Notify);
        Assert.Equal([Api], notice.Components);
    }

    [Fact]
    public void Maintenance_tells_when_it_is_scheduled_starts_completes_or_is_cancelled_but_not_when_it_is_verified()
    {
        var id = Guid.NewGuid();
        Assert.Equal(NoticeType.MaintenanceScheduled, Notice(new MaintenanceScheduled(id, "Upgrade", Guid.NewGuid(), "Soon",
            [new MaintenanceComponent(Api, "API")], Now, Now.AddHours(1), true, true, Now)).Type);
        Assert.Equal(NoticeType.MaintenanceStarted, Notice(Moved(id, MaintenanceStatus.Scheduled, MaintenanceStatus.InProgress)).Type);
        Assert.Null(Notices.For(Moved(id, MaintenanceStatus.InProgress, MaintenanceStatus.Verifying)));
        Assert.Equal(NoticeType.MaintenanceCompleted, Notice(Moved(id, MaintenanceStatus.Verifying, MaintenanceStatus.Completed)).Type);
        Assert.Equal(NoticeType.MaintenanceCancelled, Notice(new MaintenanceCancelled(id, MaintenanceStatus.Scheduled, [], Now)).Type);
    }

    [Fact]
    public void A_component_status_change_concerns_that_component()
    {
        var notice = Notice(new ComponentStatusChanged(Api, ComponentStatus.Operational, ComponentStatus.PartialOutage, StatusSource.Operator, null, Now));
        Assert.Equal((NoticeType.ComponentStatusChanged, Api, true), (notice.Type, notice.SubjectId, notice.Notify));
        Assert.Equal([Api], notice.Components);
    }

    [Fact]
    public void An_uptime_alert_concerns_its_component_and_is_no_news_for_subscribers()
    {
        var notice = Notice(new UptimeAlertRaised(Api, new DateOnly(2026, 11, 27), 97.5, 99.9, Now));
        Assert.Equal((NoticeType.ComponentUptimeAlert, Api), (notice.Type, notice.SubjectId));
        Assert.Equal("component.uptime_alert", notice.Type.Name());
        Assert.DoesNotContain("component.uptime_alert", NotificationPreferencesPatch.Emailable);
        Assert.NotNull(new NotificationPreferencesPatch(["component.uptime_alert"], null).Problem());
    }

    [Fact]
    public void Other_events_tell_nothing_and_wire_names_round_trip()
    {
        Assert.Null(Notices.For(new ComponentRenamed(Api, "API", "Public API", Now)));
        foreach (var type in Enum.GetValues<NoticeType>()) Assert.Equal(type, Notices.Parse(type.Name()));
        Assert.Equal("component.status_changed", NoticeType.ComponentStatusChanged.Name());
        Assert.Null(Notices.Parse("incident.exploded"));
    }

    private static NoticeOf Notice(object e) => Notices.For(e) ?? throw new InvalidOperationException("no notice");

    private static IncidentUpdatePosted Update(Guid id, IncidentStatus from, IncidentStatus to, bool notify = true) =>
        new(id, Guid.NewGuid(), from, to, "News", Down, notify, Now);

    private static MaintenanceUpdatePosted Moved(Guid id, MaintenanceStatus from, MaintenanceStatus to) =>
        new(id, Guid.NewGuid(), from, to, "News", [], false, Now);
}
