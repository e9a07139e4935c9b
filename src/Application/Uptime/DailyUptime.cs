using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rules = StatusPage.Domain.Components.Uptime;
using StatusPage.Application.Monitors;
using StatusPage.Application.Storage;
using StatusPage.Application.Subscribers;
using StatusPage.Domain.Components;
using StatusPage.Domain.Organizations;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using Wolverine;

namespace StatusPage.Application.Uptime;

/// <summary>
/// The sweep after a UTC day ends, run once in a cluster: a durable message scheduled for the next midnight by the
/// previous sweep (and by every node as it starts, so the chain cannot be lost). The day is claimed in a table in the
/// same transaction as the sweep's work, so the extra chains that node starts create meet the claim and die out.
/// </summary>
public sealed record SweepUptime(DateOnly Day)
{
    public static DateTimeOffset After(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>One organization's share of a day's sweep; the organization is the envelope's tenant id.</summary>
public sealed record CheckDailyUptime(DateOnly Day);

public static class DailyUptimeHandler
{
    private const string Sweeps = "uptime_sweeps";

    public static void Register(StoreOptions options)
    {
        var sweeps = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Sweeps, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        sweeps.AddColumn<DateOnly>("day").AsPrimaryKey();
        sweeps.AddColumn<DateTimeOffset>("swept_at").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(sweeps);
    }

    /// <summary>
    /// A day swept twice meets its own claim when the second commits; that sweep is dropped with all it planned. Other
    /// failures are tried again later: a dropped sweep would end the chain until a node restarts.
    /// </summary>
    public static void Configure(HandlerChain chain)
    {
        chain.OnException<Exception>(e => UniqueKey.Violated(e, Sweeps)).Discard();
        chain.OnException<Exception>().ScheduleRetryIndefinitely(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
    }

    public static async Task<OutgoingMessages> Handle(
        SweepUptime message, IDocumentSession session, MonitorOptions options, TimeProvider clock, CancellationToken token)
    {
        var now = clock.GetUtcNow();
        session.QueueSqlCommand($"insert into {session.DocumentStore.Options.DatabaseSchemaName}.{Sweeps} (day, swept_at) values (?, ?)",
            message.Day, now);
        CheckLog.Forget(session, SweepUptime.After(message.Day).AddDays(-options.RetentionDays));
        var messages = new OutgoingMessages();
        foreach (var organization in await session.Query<Organization>().Select(o => o.Id).ToListAsync(token))
            messages.Add(new CheckDailyUptime(message.Day).WithTenantId(organization.ToString()));
        var next = message.Day.AddDays(1);
        messages.Schedule(new SweepUptime(next), SweepUptime.After(next));
        return messages;
    }

    /// <summary>
    /// Raises an alert for every component whose uptime over the day fell below the organization's threshold, once per
    /// component and day (the alert is on the component's stream, appended at the version the decision saw). Owners are
    /// mailed in the same transaction; webhooks hear of it as a "component.uptime_alert" notice of the event.
    /// </summary>
    public static async Task<OutgoingMessages> Handle(CheckDailyUptime message, IDocumentSession session, TimeProvider clock, CancellationToken token)
    {
        var alerts = new OutgoingMessages();
        var organization = await session.LoadAsync<Organization>(Guid.Parse(session.TenantId), token);
        if (organization is null) return alerts;
        var components = await session.Query<Component>().Where(c => !c.Removed).ToListAsync(token);
        var start = SweepUptime.After(message.Day.AddDays(-1));
        var histories = await StatusHistories.Since(session, components.Select(StatusNow.Of).ToList(), start, token);
        var now = clock.GetUtcNow();
        foreach (var component in components)
        {
            var day = Rules.Days(histories[component.Id], message.Day, 1, TimeZoneInfo.Utc, now)[0];
            var outcome = UptimeAlerts.Raise(component, day, organization.UptimeAlertThreshold, now);
            if (outcome.Events.Count == 0) continue;
            session.Events.Append(component.Id, component.Version + outcome.Events.Count, outcome.Events.ToArray());
            foreach (var alert in outcome.Events.OfType<UptimeAlertRaised>())
                alerts.Add(new OwnerAlert($"Uptime alert: {component.Name} at {alert.Percent:0.###}% on {alert.Day:yyyy-MM-dd}",
                    $"{component.Name} was up {alert.Percent:0.###}% of {alert.Day:yyyy-MM-dd} (UTC), below the organization's threshold of {alert.Threshold:0.###}%.")
                    .WithTenantId(session.TenantId));
        }

        return alerts;
    }
}

/// <summary>Makes sure a sweep is planned for the end of today whenever a node starts.</summary>
public sealed class UptimeSweepPlanner(IServiceProvider services, IHostApplicationLifetime lifetime, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        await using var _ = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        await services.GetRequiredService<IMessageBus>().ScheduleAsync(new SweepUptime(today), SweepUptime.After(today));
    }
}
