using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Telemetry;

/// <summary>
/// The product's own metrics, all on one meter. Counters are added to where the work happens; gauges read state
/// (connections, durable queues, projection progress) only when a collector asks, so nothing is sampled in between.
/// Names, units and tags are a promise to dashboards and alerts: the README lists them.
/// </summary>
public sealed class StatusPageMetrics
{
    public const string MeterName = "StatusPage";

    private readonly Meter _meter;
    private readonly Counter<long> _emailsSent;
    private readonly Counter<long> _emailsFailed;
    private readonly Counter<long> _webhookAttempts;
    private readonly Counter<long> _monitorChecks;
    private readonly Histogram<double> _checkLateness;

    public StatusPageMetrics(IMeterFactory meters, Backlog backlog)
    {
        _meter = meters.Create(MeterName, typeof(StatusPageMetrics).Assembly.GetName().Version?.ToString(3));
        _emailsSent = _meter.CreateCounter<long>("statuspage.emails.sent", "{email}", "Emails the SMTP server accepted.");
        _emailsFailed = _meter.CreateCounter<long>("statuspage.emails.failed", "{email}",
            "Emails not sent: kind=refused, a permanent refusal of the address (a bounce); kind=error, the SMTP server unreachable or failing (tried again later).");
        _webhookAttempts = _meter.CreateCounter<long>("statuspage.webhook.attempts", "{attempt}",
            "Webhook sends, by outcome: delivered (2xx), rejected (another status), timeout, error (no answer: refused, unreachable).");
        _monitorChecks = _meter.CreateCounter<long>("statuspage.monitor.checks", "{check}", "Monitor checks, by type and result (up, slow, down).");
        _checkLateness = _meter.CreateHistogram("statuspage.monitor.check.lateness", "s",
            "How long after its planned time a monitor check started.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

        _meter.CreateObservableGauge("statuspage.queue.waiting", () => backlog.Queues().Select(q =>
                new Measurement<long>(q.Waiting, new KeyValuePair<string, object?>("queue", q.Name))),
            "{message}", "Messages waiting in each durable queue (email, webhooks, monitor_checks): received or due, not yet handled.");
        _meter.CreateObservableGauge("statuspage.projection.lag.events", () => backlog.Projections().Select(p =>
                new Measurement<long>(p.EventsBehind, new KeyValuePair<string, object?>("projection", p.Name))),
            "{event}", "Events appended that an async projection or subscription has yet to process.");
        _meter.CreateObservableGauge("statuspage.projection.lag", () => backlog.Projections().Select(p =>
                new Measurement<double>(p.SecondsBehind, new KeyValuePair<string, object?>("projection", p.Name))),
            "s", "Age of the oldest event an async projection or subscription has yet to process (0 when caught up).");
    }

    /// <summary>Live SSE connections open on this node, read from whoever holds them.</summary>
    public void ObserveLiveConnections(Func<(int Public, int Operator)> read) =>
        _meter.CreateObservableUpDownCounter("statuspage.live.connections", () =>
        {
            var (open, operators) = read();
            return new[]
            {
                new Measurement<int>(open, new KeyValuePair<string, object?>("audience", "public")),
                new Measurement<int>(operators, new KeyValuePair<string, object?>("audience", "operator"))
            };
        }, "{connection}", "Live update (Server-Sent Events) connections open on this node, by audience: public or operator.");

    public void EmailSent() => _emailsSent.Add(1);

    public void EmailFailed(bool refused) => _emailsFailed.Add(1, new KeyValuePair<string, object?>("kind", refused ? "refused" : "error"));

    public void WebhookAttempt(string outcome) => _webhookAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void MonitorCheck(MonitorType type, CheckResult result, TimeSpan lateness)
    {
        var kind = new KeyValuePair<string, object?>("type", type.ToString().ToLowerInvariant());
        _monitorChecks.Add(1, kind, new KeyValuePair<string, object?>("result", result.Success ? result.Slow ? "slow" : "up" : "down"));
        _checkLateness.Record(Math.Max(0, lateness.TotalSeconds), kind);
    }
}

public static class TelemetrySetup
{
    /// <summary>The product's metrics and its security log; exporting them is the host's business.</summary>
    public static IServiceCollection AddStatusPageTelemetry(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<Backlog>();
        services.AddSingleton<StatusPageMetrics>();
        services.AddSingleton<IConfigureMarten, SecurityLogSetup>();
        // Marten's own meter counts appended events by type and tenant.
        services.ConfigureMarten(options => options.OpenTelemetry.TrackEventCounters());
        return services;
    }
}
