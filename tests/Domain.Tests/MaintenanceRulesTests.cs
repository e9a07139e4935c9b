using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class MaintenanceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = Now.AddHours(2);
    private static readonly DateTimeOffset Until = Now.AddHours(4);
    private readonly Component _api = Component.Create(new ComponentAdded(Guid.NewGuid(), "API", null, null, 0, ComponentStatus.Operational, Now));
    private readonly Component _db = Component.Create(new ComponentAdded(Guid.NewGuid(), "DB", null, null, 1, ComponentStatus.DegradedPerformance, Now));

    private Outcome Schedule(string? name = "Database upgrade", IReadOnlyCollection<Guid>? components = null, DateTimeOffset? from = null,
        DateTimeOffset? until = null) =>
        MaintenanceRules.Schedule(Guid.NewGuid(), Guid.NewGuid(), name, "Expect a short read-only period.", components ?? [_api.Id, _db.Id],
            [_api, _db], from ?? From, until ?? Until, autoStart: true, autoComplete: true, Now);

    private Maintenance Scheduled() => Maintenance.Create((MaintenanceScheduled)Schedule().Events[0]);

    /// <summary>Applies the decision to the maintenance and the components, as the event store would.</summary>
    private Outcome Fold(Maintenance maintenance, Outcome outcome)
    {
        Assert.True(outcome.Accepted, outcome.Rejection?.Detail);
        foreach (var e in outcome.Events)
        {
            switch (e)
            {
                case MaintenanceUpdatePosted posted: maintenance.Apply(posted); break;
                case MaintenanceCancelled cancelled: maintenance.Apply(cancelled); break;
                case MaintenanceRescheduled rescheduled: maintenance.Apply(rescheduled); break;
                case ComponentStatusChanged changed: new[] { _api, _db }.Single(c => c.Id == changed.ComponentId).Apply(changed); break;
            }
        }

        return outcome;
    }

    private static readonly IReadOnlySet<Guid> NoneElsewhere = new HashSet<Guid>();

    private Outcome Post(Maintenance maintenance, MaintenanceStatus status, string? message = "Working on it", IReadOnlySet<Guid>? heldElsewhere = null) =>
        MaintenanceRules.PostUpdate(maintenance, Guid.NewGuid(), status, message, [_api, _db], heldElsewhere ?? NoneElsewhere, Now);

    [Fact]
    public void Scheduling_names_the_components_and_keeps_the_window()
    {
        var scheduled = Assert.IsType<MaintenanceScheduled>(Assert.Single(Schedule(components: [_api.Id, _api.Id]).Events));
        Assert.Equal([new MaintenanceComponent(_api.Id, "API")], scheduled.Components);
        Assert.Equal((From, Until, true, true), (scheduled.ScheduledFor, scheduled.ScheduledUntil, scheduled.AutoStart, scheduled.AutoComplete));
    }

    [Fact]
    public void A_window_needs_a_name_a_message_an_end_after_its_start_and_known_components()
    {
        ComponentRulesTests.AssertInvalid(Schedule(name: " "), "name");
        ComponentRulesTests.AssertInvalid(Schedule(until: From), "scheduledUntil");
        ComponentRulesTests.AssertInvalid(Schedule(until: From.AddMinutes(-1)), "scheduledUntil");
        ComponentRulesTests.AssertInvalid(MaintenanceRules.Schedule(Guid.NewGuid(), Guid.NewGuid(), "X", "m", [], [], null, Until, true, true, Now), "scheduledFor");
        ComponentRulesTests.AssertInvalid(MaintenanceRules.Schedule(Guid.NewGuid(), Guid.NewGuid(), "X", "", [], [], From, Until, true, true, Now), "message");
        var foreign = Guid.NewGuid();
        ComponentRulesTests.AssertInvalid(Schedule(components: [_api.Id, foreign]), foreign.ToString());
        _db.Apply(new ComponentRemoved(_db.Id, Now));
        ComponentRulesTests.AssertInvalid(Schedule(), _db.Id.ToString());
    }

    [Fact]
    public void Starting_puts_the_components_under_maintenance_and_completing_gives_back_what_they_had()
    {
        var maintenance = Scheduled();
        var started = Fold(maintenance, Post(maintenance, MaintenanceStatus.InProgress));
        var posted = Assert.IsType<MaintenanceUpdatePosted>(started.Events[0]);
        Assert.Equal([new AffectedComponent(_api.Id, "API", ComponentStatus.Operational, ComponentStatus.UnderMaintenance),
            new AffectedComponent(_db.Id, "DB", ComponentStatus.DegradedPerformance, ComponentStatus.UnderMaintenance)], posted.Components);
        Assert.All(started.Events.OfType<ComponentStatusChanged>(), c => Assert.Equal(StatusSource.Maintenance, c.Source));
        Assert.Equal((ComponentStatus.UnderMaintenance, ComponentStatus.UnderMaintenance), (_api.Status, _db.Status));

        Assert.Empty(Fold(maintenance, Post(maintenance, MaintenanceStatus.Verifying)).Events.OfType<ComponentStatusChanged>());
        var completed = Fold(maintenance, Post(maintenance, MaintenanceStatus.Completed));
        Assert.Equal(2, completed.Events.OfType<ComponentStatusChanged>().Count());
        Assert.Equal((ComponentStatus.Operational, ComponentStatus.DegradedPerformance), (_api.Status, _db.Status));
        Assert.Equal(MaintenanceStatus.Completed, maintenance.Status);
    }

    [Fact]
    public void A_component_someone_changed_during_the_window_keeps_their_status_on_completion()
    {
        var maintenance = Scheduled();
        Fold(maintenance, Post(maintenance, MaintenanceStatus.InProgress));
        _db.Apply(new ComponentStatusChanged(_db.Id, ComponentStatus.UnderMaintenance, ComponentStatus.MajorOutage, StatusSource.Operator, null, Now));

        var completed = Fold(maintenance, Post(maintenance, MaintenanceStatus.Completed));
        var restored = Assert.Single(completed.Events.OfType<ComponentStatusChanged>());
        Assert.Equal((_api.Id, ComponentStatus.Operational), (restored.ComponentId, restored.NewStatus));
        Assert.Equal(ComponentStatus.MajorOutage, _db.Status);
    }

    [Fact]
    public void Status_moves_forward_only_and_a_finished_window_takes_no_updates()
    {
        var maintenance = Scheduled();
        Fold(maintenance, Post(maintenance, MaintenanceStatus.Verifying));
        Assert.Equal(RejectionKind.Conflict, Post(maintenance, MaintenanceStatus.InProgress).Rejection!.Kind);
        Assert.True(Post(maintenance, MaintenanceStatus.Verifying, "Still checking").Accepted);
        Assert.Equal(RejectionKind.Invalid, Post(maintenance, MaintenanceStatus.Cancelled).Rejection!.Kind);
        ComponentRulesTests.AssertInvalid(Post(maintenance, MaintenanceStatus.Completed, " "), "message");

        Fold(maintenance, Post(maintenance, MaintenanceStatus.Completed));
        Assert.Equal(RejectionKind.Conflict, Post(maintenance, MaintenanceStatus.Completed, "Again").Rejection!.Kind);
        Assert.Equal(RejectionKind.Conflict, MaintenanceRules.Cancel(maintenance, [_api, _db], NoneElsewhere, Now).Rejection!.Kind);
    }

    [Fact]
    public void Completing_a_window_that_never_started_leaves_the_components_alone()
    {
        var maintenance = Scheduled();
        Assert.Single(Fold(maintenance, Post(maintenance, MaintenanceStatus.Completed)).Events);
        Assert.Equal(ComponentStatus.Operational, _api.Status);
    }

    [Fact]
    public void Cancelling_a_window_under_way_gives_the_components_back()
    {
        var maintenance = Scheduled();
        Fold(maintenance, Post(maintenance, MaintenanceStatus.InProgress));
        var cancelled = Fold(maintenance, MaintenanceRules.Cancel(maintenance, [_api, _db], NoneElsewhere, Now));
        Assert.Equal(MaintenanceStatus.InProgress, Assert.IsType<MaintenanceCancelled>(cancelled.Events[0]).OldStatus);
        Assert.Equal((ComponentStatus.Operational, ComponentStatus.DegradedPerformance), (_api.Status, _db.Status));
        Assert.Equal(MaintenanceStatus.Cancelled, maintenance.Status);
        Assert.Equal(RejectionKind.Conflict, Post(maintenance, MaintenanceStatus.Completed).Rejection!.Kind);
    }

    [Fact]
    public void Overlapping_windows_keep_a_component_under_maintenance_until_the_last_ends_which_gives_back_what_it_was_before_the_first()
    {
        var first = Scheduled();
        var second = Scheduled();
        Fold(first, Post(first, MaintenanceStatus.InProgress));
        Fold(second, Post(second, MaintenanceStatus.InProgress));
        Assert.Equal(ComponentStatus.UnderMaintenance, _api.Status);

        Assert.Single(Fold(first, Post(first, MaintenanceStatus.Completed, heldElsewhere: second.StatusesBefore.Keys.ToHashSet())).Events);
        Assert.Equal((ComponentStatus.UnderMaintenance, ComponentStatus.UnderMaintenance), (_api.Status, _db.Status));

        Fold(second, Post(second, MaintenanceStatus.Completed));
        Assert.Equal((ComponentStatus.Operational, ComponentStatus.DegradedPerformance), (_api.Status, _db.Status));
    }

    [Fact]
    public void Only_a_window_that_has_not_started_can_move_its_start()
    {
        var maintenance = Scheduled();
        var rescheduled = Assert.IsType<MaintenanceRescheduled>(Assert.Single(
            MaintenanceRules.Change(maintenance, null, From.AddDays(1), Until.AddDays(1), null, null, Now).Events));
        Assert.Equal((From, From.AddDays(1)), (rescheduled.OldScheduledFor, rescheduled.ScheduledFor));
        ComponentRulesTests.AssertInvalid(MaintenanceRules.Change(maintenance, null, Until, null, null, null, Now), "scheduledUntil");
        Assert.Empty(MaintenanceRules.Change(maintenance, "Database upgrade", From, Until, true, true, Now).Events);

        Fold(maintenance, Post(maintenance, MaintenanceStatus.InProgress));
        Assert.Equal(RejectionKind.Conflict, MaintenanceRules.Change(maintenance, null, From.AddHours(1), null, null, null, Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.Conflict, MaintenanceRules.Change(maintenance, null, null, null, false, null, Now).Rejection!.Kind);
        Assert.True(MaintenanceRules.Change(maintenance, "Longer upgrade", null, Until.AddHours(1), null, false, Now).Accepted);

        Fold(maintenance, Post(maintenance, MaintenanceStatus.Completed));
        Assert.Equal(RejectionKind.Conflict, MaintenanceRules.Change(maintenance, null, null, Until.AddHours(1), null, null, Now).Rejection!.Kind);
        Assert.IsType<MaintenanceRenamed>(Assert.Single(MaintenanceRules.Change(maintenance, "Done upgrade", null, null, null, null, Now).Events));
    }

    [Fact]
    public void A_planned_transition_is_due_at_its_time_and_stale_once_the_window_changed()
    {
        var maintenance = Scheduled();
        Assert.Equal(Timing.Early, MaintenanceRules.Start(maintenance, From, From.AddSeconds(-1)));
        Assert.Equal(Timing.Due, MaintenanceRules.Start(maintenance, From, From));

        Fold(maintenance, MaintenanceRules.Change(maintenance, null, From.AddHours(1), Until.AddHours(1), null, null, Now));
        Assert.Equal(Timing.Stale, MaintenanceRules.Start(maintenance, From, From));
        Assert.Equal(Timing.Due, MaintenanceRules.Start(maintenance, From.AddHours(1), From.AddHours(1)));

        Fold(maintenance, Post(maintenance, MaintenanceStatus.InProgress));
        Assert.Equal(Timing.Stale, MaintenanceRules.Start(maintenance, From.AddHours(1), From.AddHours(1)));
        Assert.Equal(Timing.Stale, MaintenanceRules.Completion(maintenance, Until, Until));
        Assert.Equal(Timing.Early, MaintenanceRules.Completion(maintenance, Until.AddHours(1), Until));
        Assert.Equal(Timing.Due, MaintenanceRules.Completion(maintenance, Until.AddHours(1), Until.AddHours(2)));

        Fold(maintenance, MaintenanceRules.Change(maintenance, null, null, null, null, false, Now));
        Assert.Equal(Timing.Stale, MaintenanceRules.Completion(maintenance, Until.AddHours(1), Until.AddHours(2)));
    }

    [Fact]
    public void A_window_whose_start_never_ran_completes_at_its_end_only_if_it_was_meant_to_start_by_itself()
    {
        var maintenance = Scheduled();
        Assert.Equal(Timing.Due, MaintenanceRules.Completion(maintenance, Until, Until));
        Fold(maintenance, MaintenanceRules.Change(maintenance, null, null, null, false, null, Now));
        Assert.Equal(Timing.Stale, MaintenanceRules.Completion(maintenance, Until, Until));
    }
}
