using StatusPage.Application.Storage;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Monitors;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using Wolverine;

namespace StatusPage.Application.Monitors;

/// <summary>
/// One check of a monitor, planned for a time: a durable Wolverine message scheduled when the previous one ran (or when
/// the monitor was attached or changed), so every monitor is one chain of messages that any node may pick up. The
/// generation is the monitor's version when the chain began: a change starts a new chain, and the old one finds itself
/// stale and ends. The organization travels as the envelope's tenant id.
/// </summary>
public sealed record RunCheck(Guid MonitorId, long Generation, DateTimeOffset PlannedAt)
{
    /// <summary>The first check of a monitor's chain: at once, or after one interval for a heartbeat that has yet to be called.</summary>
    public static OutgoingMessages Start(Guid monitorId, long generation, MonitorSettings settings, DateTimeOffset now)
    {
        var first = settings.Type == MonitorType.Heartbeat ? now.AddSeconds(settings.IntervalSeconds) : now;
        var messages = new OutgoingMessages();
        messages.Schedule(new RunCheck(monitorId, generation, first), first);
        return messages;
    }
}

/// <summary>
/// Checks one organization has running on this node at once (<see cref="MonitorOptions.ChecksPerOrganization"/>): its
/// black-holed targets, each holding a worker for its whole timeout, never take the workers the other organizations' checks need.
/// </summary>
public sealed class CheckSlots(int perOrganization) : Outbound.InFlight<string>(perOrganization);

public static class RunCheckHandler
{
    /// <summary>
    /// A check delivered twice meets its own row's key when the second commits: that delivery is simply dropped. Any
    /// other failure (the database away, a lost race for the component's stream) is tried again later, never given
    /// up: a dropped message would end the monitor's checks for good.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<Exception>(e => UniqueKey.Violated(e, CheckLog.Checks)).Discard();
        chain.OnException<Exception>().ScheduleRetryIndefinitely(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        chain.SuccessLogLevel = Microsoft.Extensions.Logging.LogLevel.None;
        chain.ProcessingLogLevel = Microsoft.Extensions.Logging.LogLevel.None;
    }

    /// <summary>How soon a check tries again when its organization already has its share of checks running on this node.</summary>
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(500);

    public static async Task<OutgoingMessages> Handle(
        RunCheck message, IDocumentSession session, MonitorProbe probe, CheckSlots slots, TimeProvider clock, CancellationToken token)
    {
        var messages = new OutgoingMessages();
        var monitor = await session.LoadAsync<ComponentMonitor>(message.MonitorId, token);
        if (monitor is null || monitor.Removed || monitor.Version != message.Generation) return messages;
        var now = clock.GetUtcNow();
        if (now < message.PlannedAt)
        {
            messages.Schedule(message, message.PlannedAt);
            return messages;
        }

        if (!slots.TryTake(session.TenantId))
        {
            messages.Delay(message, Busy);
            return messages;
        }

        try
        {
            return await Run(message, monitor, session, probe, clock, now, token);
        }
        finally
        {
            slots.Release(session.TenantId);
        }
    }

    private static async Task<OutgoingMessages> Run(
        RunCheck message, ComponentMonitor monitor, IDocumentSession session, MonitorProbe probe, TimeProvider clock, DateTimeOffset now,
        CancellationToken token)
    {
        var messages = new OutgoingMessages();
        var stream = await session.Events.FetchForWriting<Component>(monitor.ComponentId, token);
        if (stream.Aggregate is not { Removed: false } component) return messages;

        var settings = monitor.Settings;
        var window = MonitorRules.Window(settings);
        var history = (await CheckLog.Latest(session, [monitor.Id], message.PlannedAt, window, token))[monitor.Id];
        if (history.FirstOrDefault()?.PlannedAt == message.PlannedAt) return messages;

        var lastBeat = settings.Type == MonitorType.Heartbeat ? await CheckLog.LastBeat(session, monitor.Id, token) : null;
        var result = await probe.Check(settings, message.PlannedAt, lastBeat, token);
        CheckLog.Record(session, monitor.Id, result, now);
        var next = Next(message.PlannedAt, settings.IntervalSeconds, clock.GetUtcNow());
        messages.Schedule(message with { PlannedAt = next }, next);

        var verdict = MonitorRules.Judge(settings, [result, .. history.Take(window - 1)]);
        if (!component.MonitorControl || verdict is null || verdict.Status == component.Status) return messages;

        var others = await OtherVerdicts(session, monitor, message.PlannedAt, token);
        var held = await HeldByIncidentOrMaintenance(session, component.Id, token);
        if (MonitorRules.Decide(component, monitor, verdict, others, held, clock.GetUtcNow()) is { } change) stream.AppendOne(change);
        return messages;
    }

    /// <summary>The next planned time after now on the monitor's grid: a node that fell behind skips checks instead of bunching them.</summary>
    private static DateTimeOffset Next(DateTimeOffset planned, int intervalSeconds, DateTimeOffset now)
    {
        var interval = TimeSpan.FromSeconds(intervalSeconds);
        var next = planned + interval;
        return next > now ? next : planned + interval * (Math.Floor((now - planned) / interval) + 1);
    }

    private static async Task<IEnumerable<Verdict?>> OtherVerdicts(IDocumentSession session, ComponentMonitor monitor, DateTimeOffset through, CancellationToken token)
    {
        var others = await session.Query<ComponentMonitor>()
            .Where(m => m.ComponentId == monitor.ComponentId && !m.Removed && m.Id != monitor.Id).ToListAsync(token);
        if (others.Count == 0) return [];
        var latest = await CheckLog.Latest(session, others.Select(m => m.Id).ToList(), through, others.Max(m => MonitorRules.Window(m.Settings)), token);
        return others.Select(m => MonitorRules.Judge(m.Settings, latest[m.Id]));
    }

    private static async Task<bool> HeldByIncidentOrMaintenance(IDocumentSession session, Guid componentId, CancellationToken token)
    {
        var incidents = await session.Query<Incident>().Where(i => i.Status != IncidentStatus.Resolved).ToListAsync(token);
        if (incidents.Any(i => i.Components.ContainsKey(componentId))) return true;
        var maintenances = await session.Query<Maintenance>()
            .Where(m => m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying).ToListAsync(token);
        return maintenances.Any(m => m.Components.Contains(componentId));
    }
}
