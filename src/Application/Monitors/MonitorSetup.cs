using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Uptime;
using StatusPage.Domain.Monitors;
using Wolverine;

namespace StatusPage.Application.Monitors;

public static class MonitorSetup
{
    /// <summary>Monitors, their check log, the prober with its per-node limits, and the daily uptime sweep.</summary>
    public const string HeartbeatRateLimit = "heartbeat";

    public static IServiceCollection AddMonitors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Monitors").Get<MonitorOptions>() ?? new MonitorOptions();
        services.AddSingleton(options);
        services.AddSingleton<MonitorProbe>();
        services.AddSingleton(new CheckSlots(options.ChecksPerOrganization));
        services.AddPerClientLimit(HeartbeatRateLimit, options.HeartbeatsPerMinute);
        services.AddHostedService<UptimeSweepPlanner>();
        services.ConfigureMarten(store =>
        {
            store.Projections.Snapshot<ComponentMonitor>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
            store.Schema.For<ComponentMonitor>().MultiTenanted().Index(m => m.ComponentId);
            CheckLog.Register(store);
            DailyUptimeHandler.Register(store);
        });
        return services;
    }

    /// <summary>
    /// Checks run on their own durable local queue, at most <see cref="MonitorOptions.ConcurrentChecks"/> at once per node.
    /// Every check is a scheduled message, and Wolverine looks for due ones only every so often: that look's interval
    /// bounds how late a check starts, so it is well under a second.
    /// </summary>
    public static void UseMonitors(this WolverineOptions wolverine, IConfiguration configuration)
    {
        var options = configuration.GetSection("Monitors").Get<MonitorOptions>() ?? new MonitorOptions();
        wolverine.LocalQueueFor<RunCheck>().UseDurableInbox().MaximumParallelMessages(options.ConcurrentChecks);
        wolverine.Durability.ScheduledJobPollingTime = TimeSpan.FromMilliseconds(options.SchedulePollingMilliseconds);
    }
}
