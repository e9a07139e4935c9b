using StatusPage.Application.Components;
using StatusPage.Application.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;
using Wolverine;

namespace StatusPage.Application.Maintenances;

/// <summary>
/// The window's clock: durable Wolverine messages scheduled for its start and end, committed through the outbox with
/// the event that planned them. Each carries the time it was planned for, so a plan that a reschedule, a cancellation
/// or an operator overtook finds itself stale and does nothing. The organization travels as the envelope's tenant id.
/// </summary>
public sealed record StartMaintenance(Guid MaintenanceId, DateTimeOffset ScheduledFor);

public sealed record CompleteMaintenance(Guid MaintenanceId, DateTimeOffset ScheduledUntil);

public static class MaintenanceTimers
{
    /// <summary>The transitions a schedule or reschedule plans: only those whose time or switch it set or changed.</summary>
    public static OutgoingMessages For(Outcome outcome)
    {
        var messages = new OutgoingMessages();
        foreach (var e in outcome.Events)
        {
            var (id, start, end) = e switch
            {
                MaintenanceScheduled s => (s.MaintenanceId, s.AutoStart ? s.ScheduledFor : (DateTimeOffset?)null,
                    s.AutoComplete ? s.ScheduledUntil : (DateTimeOffset?)null),
                MaintenanceRescheduled r => (r.MaintenanceId,
                    r.AutoStart && (!r.OldAutoStart || r.ScheduledFor != r.OldScheduledFor) ? r.ScheduledFor : null,
                    r.AutoComplete && (!r.OldAutoComplete || r.ScheduledUntil != r.OldScheduledUntil) ? r.ScheduledUntil : (DateTimeOffset?)null),
                _ => (Guid.Empty, null, null)
            };
            if (start is { } startAt) messages.Schedule(new StartMaintenance(id, startAt), startAt);
            if (end is { } endAt) messages.Schedule(new CompleteMaintenance(id, endAt), endAt);
        }

        return messages;
    }
}

/// <summary>
/// Runs a planned transition once it is due. Delivery is at least once and may come a little early (the node that
/// picks it up keeps its own clock), so a transition that is not due yet is put back for its time and a stale one
/// is dropped: a maintenance starts and completes once however often the message arrives.
/// </summary>
public static class MaintenanceTimerHandler
{
    public static Task<OutgoingMessages> Handle(StartMaintenance message, IDocumentSession session, TimeProvider clock, CancellationToken token) =>
        Transition(message, message.MaintenanceId, message.ScheduledFor, MaintenanceRules.Start, MaintenanceStatus.InProgress,
            MaintenanceRules.StartedMessage, session, clock, token);

    public static Task<OutgoingMessages> Handle(CompleteMaintenance message, IDocumentSession session, TimeProvider clock, CancellationToken token) =>
        Transition(message, message.MaintenanceId, message.ScheduledUntil, MaintenanceRules.Completion, MaintenanceStatus.Completed,
            MaintenanceRules.CompletedMessage, session, clock, token);

    private static async Task<OutgoingMessages> Transition<T>(
        T message, Guid maintenanceId, DateTimeOffset plannedAt, Func<Maintenance, DateTimeOffset, DateTimeOffset, Timing> timing,
        MaintenanceStatus status, string text, IDocumentSession session, TimeProvider clock, CancellationToken token) where T : notnull
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Maintenance>(maintenanceId, token);
        var now = clock.GetUtcNow();
        if (stream.Aggregate is not { } maintenance) return messages;
        switch (timing(maintenance, plannedAt, now))
        {
            case Timing.Early:
                messages.Schedule(message, plannedAt);
                return messages;
            case Timing.Stale:
                return messages;
        }

        var components = await MaintenanceComponents.For(maintenance, session, token);
        var outcome = MaintenanceRules.PostUpdate(maintenance, Guid.NewGuid(), status, text, components.Known, components.HeldElsewhere, now,
            automatic: true);
        stream.AppendMany(ComponentStreams.AppendChanges(session, outcome).Events);
        return messages;
    }
}
