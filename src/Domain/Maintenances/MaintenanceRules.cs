using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Maintenances;

/// <summary>Whether a transition the window's clock asked for should happen now.</summary>
public enum Timing
{
    /// <summary>The window was rescheduled, cancelled or moved on by hand since the transition was planned.</summary>
    Stale,

    /// <summary>Delivered before its time (clocks of nodes differ a little); it must wait.</summary>
    Early,
    Due
}

/// <summary>
/// A maintenance puts its components under maintenance when it starts and gives each back the status it had before
/// when it completes (or is cancelled while under way), unless someone changed that component's status meanwhile:
/// then theirs stands. Windows may overlap: a component stays under maintenance until the last window under way that
/// covers it ends, which gives back what it was before the first. Those moves are <see cref="ComponentStatusChanged"/> events for the components' own streams,
/// decided here together with the maintenance's event so that both are appended in one transaction.
/// </summary>
public static class MaintenanceRules
{
    public const string StartedMessage = "The scheduled maintenance has started.";
    public const string CompletedMessage = "The scheduled maintenance has completed.";

    public static Outcome Schedule(
        Guid maintenanceId, Guid updateId, string? name, string? message, IReadOnlyCollection<Guid> components,
        IReadOnlyCollection<Component> known, DateTimeOffset? scheduledFor, DateTimeOffset? scheduledUntil, bool autoStart,
        bool autoComplete, DateTimeOffset now)
    {
        var rejection = Text.FirstOf(Text.Name(name), Text.Required(message, "message", Text.MaxMessageLength),
            Window(scheduledFor, scheduledUntil));
        if (rejection is not null) return new Outcome([], rejection);

        var existing = known.Where(c => !c.Removed).ToDictionary(c => c.Id);
        var unknown = components.Where(id => !existing.ContainsKey(id)).ToList();
        if (unknown.Count > 0) return Outcome.Invalid("components", $"Unknown component(s): {string.Join(", ", unknown)}.");

        var covered = components.Distinct().Select(id => new MaintenanceComponent(id, existing[id].Name)).ToList();
        return Outcome.Accept(new MaintenanceScheduled(maintenanceId, name!.Trim(), updateId, message!, covered, scheduledFor!.Value,
            scheduledUntil!.Value, autoStart, autoComplete, now));
    }

    /// <summary>
    /// Renames and reschedules. A window that has started keeps its start: only its end, and whether it completes by
    /// itself, can still change; a finished one keeps its times.
    /// </summary>
    public static Outcome Change(
        Maintenance maintenance, string? name, DateTimeOffset? scheduledFor, DateTimeOffset? scheduledUntil, bool? autoStart,
        bool? autoComplete, DateTimeOffset now)
    {
        var (newFor, newUntil) = (scheduledFor ?? maintenance.ScheduledFor, scheduledUntil ?? maintenance.ScheduledUntil);
        var (newAutoStart, newAutoComplete) = (autoStart ?? maintenance.AutoStart, autoComplete ?? maintenance.AutoComplete);
        var rejection = Text.FirstOf(name is null ? null : Text.Name(name), Window(newFor, newUntil));
        if (rejection is not null) return new Outcome([], rejection);

        var events = new List<object>();
        if (name is not null && name.Trim() != maintenance.Name)
            events.Add(new MaintenanceRenamed(maintenance.Id, maintenance.Name, name.Trim(), now));

        var startChanges = newFor != maintenance.ScheduledFor || newAutoStart != maintenance.AutoStart;
        var endChanges = newUntil != maintenance.ScheduledUntil || newAutoComplete != maintenance.AutoComplete;
        if (startChanges || endChanges)
        {
            if (maintenance.Finished)
                return Outcome.Conflict($"The maintenance is {StatusWords.Wire(maintenance.Status)}; it can no longer be rescheduled.");
            if (startChanges && maintenance.Status != MaintenanceStatus.Scheduled)
                return Outcome.Conflict("The maintenance has started: only its end and whether it completes by itself can change.");
            events.Add(new MaintenanceRescheduled(maintenance.Id, maintenance.ScheduledFor, maintenance.ScheduledUntil, maintenance.AutoStart,
                maintenance.AutoComplete, newFor, newUntil, newAutoStart, newAutoComplete, now));
        }

        return Outcome.Accept(events);
    }

    /// <summary>
    /// Moves the maintenance forward (or just adds a message): starting puts its components under maintenance,
    /// completing gives them back. Also what the window's clock posts, with <paramref name="automatic"/> set.
    /// </summary>
    /// <param name="heldElsewhere">Components that other windows under way cover.</param>
    public static Outcome PostUpdate(
        Maintenance maintenance, Guid updateId, MaintenanceStatus status, string? message, IReadOnlyCollection<Component> known,
        IReadOnlySet<Guid> heldElsewhere, DateTimeOffset now, bool automatic = false)
    {
        if (maintenance.Finished)
            return Outcome.Conflict($"The maintenance is {StatusWords.Wire(maintenance.Status)}; it takes no more updates.");
        if (status == MaintenanceStatus.Cancelled)
            return Outcome.Invalid("status", "A maintenance is cancelled with POST …/cancel, not with an update.");
        if (status < maintenance.Status)
            return Outcome.Conflict($"A maintenance only moves forward: it is {StatusWords.Wire(maintenance.Status)} and cannot go back to {StatusWords.Wire(status)}.");
        var rejection = Text.Required(message, "message", Text.MaxMessageLength);
        if (rejection is not null) return new Outcome([], rejection);

        var starts = maintenance.Status == MaintenanceStatus.Scheduled && status is MaintenanceStatus.InProgress or MaintenanceStatus.Verifying;
        var moved = starts ? PutUnderMaintenance(maintenance, known)
            : status == MaintenanceStatus.Completed ? Restore(maintenance, known, heldElsewhere)
            : [];
        return Accept(moved, now,
            new MaintenanceUpdatePosted(maintenance.Id, updateId, maintenance.Status, status, message!, moved, automatic, now));
    }

    /// <summary>Calls the window off; if it was under way, its components are given back as on completion.</summary>
    public static Outcome Cancel(
        Maintenance maintenance, IReadOnlyCollection<Component> known, IReadOnlySet<Guid> heldElsewhere, DateTimeOffset now)
    {
        if (maintenance.Finished)
            return Outcome.Conflict($"The maintenance is {StatusWords.Wire(maintenance.Status)}; it can no longer be cancelled.");
        var restored = Restore(maintenance, known, heldElsewhere);
        return Accept(restored, now, new MaintenanceCancelled(maintenance.Id, maintenance.Status, restored, now));
    }

    /// <summary>
    /// Whether the start planned for <paramref name="plannedFor"/> should happen now. The plan is stale once the
    /// window was rescheduled, cancelled or started by hand, so a transition runs once however often it is delivered.
    /// </summary>
    public static Timing Start(Maintenance maintenance, DateTimeOffset plannedFor, DateTimeOffset now) =>
        maintenance.Status != MaintenanceStatus.Scheduled || !maintenance.AutoStart || maintenance.ScheduledFor != plannedFor ? Timing.Stale
        : now < plannedFor ? Timing.Early
        : Timing.Due;

    /// <summary>
    /// As <see cref="Start"/>, for the completion planned for <paramref name="plannedUntil"/>. A window that should
    /// have started by itself but has not (its start and end came due together, after every node was down) is over
    /// all the same: it completes without ever putting its components under maintenance, and its late start is stale.
    /// </summary>
    public static Timing Completion(Maintenance maintenance, DateTimeOffset plannedUntil, DateTimeOffset now) =>
        !maintenance.AutoComplete || maintenance.ScheduledUntil != plannedUntil || maintenance.Finished
        || maintenance.Status == MaintenanceStatus.Scheduled && !maintenance.AutoStart ? Timing.Stale
        : now < plannedUntil ? Timing.Early
        : Timing.Due;

    private static Rejection? Window(DateTimeOffset? scheduledFor, DateTimeOffset? scheduledUntil) =>
        scheduledFor is null || scheduledUntil is null
            ? Rejection.Invalid("scheduledFor", "'scheduledFor' and 'scheduledUntil' are required.")
            : scheduledUntil <= scheduledFor
                ? Rejection.Invalid("scheduledUntil", "'scheduledUntil' must be after 'scheduledFor'.")
                : null;

    /// <summary>Components removed since the window was scheduled are passed over.</summary>
    private static List<AffectedComponent> PutUnderMaintenance(Maintenance maintenance, IReadOnlyCollection<Component> known)
    {
        var existing = known.Where(c => !c.Removed).ToDictionary(c => c.Id);
        return maintenance.Components.Where(existing.ContainsKey)
            .Select(id => new AffectedComponent(id, existing[id].Name, existing[id].Status, ComponentStatus.UnderMaintenance))
            .ToList();
    }

    /// <summary>
    /// A component no longer under maintenance was changed by someone meanwhile, and keeps what they chose; one that
    /// another window still covers stays under maintenance. A window that started while another already held the
    /// component found it under maintenance, so it gives back what the component was before that.
    /// </summary>
    private static List<AffectedComponent> Restore(Maintenance maintenance, IReadOnlyCollection<Component> known, IReadOnlySet<Guid> heldElsewhere)
    {
        var existing = known.Where(c => !c.Removed).ToDictionary(c => c.Id);
        return maintenance.StatusesBefore
            .Where(before => !heldElsewhere.Contains(before.Key)
                             && existing.TryGetValue(before.Key, out var c) && c.Status == ComponentStatus.UnderMaintenance)
            .Select(before => new AffectedComponent(before.Key, existing[before.Key].Name, ComponentStatus.UnderMaintenance,
                before.Value == ComponentStatus.UnderMaintenance ? existing[before.Key].StatusBeforeMaintenance : before.Value))
            .ToList();
    }

    private static Outcome Accept(IReadOnlyList<AffectedComponent> moved, DateTimeOffset now, object maintenanceEvent) =>
        Outcome.Accept(moved
            .Where(m => m.OldStatus != m.NewStatus)
            .Select(m => new ComponentStatusChanged(m.ComponentId, m.OldStatus, m.NewStatus, StatusSource.Maintenance, null, now))
            .Prepend(maintenanceEvent));
}
