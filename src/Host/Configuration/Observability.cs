using System.Security.Cryptography;
using System.Text;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StatusPage.Application.Telemetry;

namespace StatusPage.Host.Configuration;

/// <summary>
/// Logs, traces and metrics as operators switch them on: <c>LOG_FORMAT=json</c> for one JSON object a line,
/// the standard <c>OTEL_EXPORTER_OTLP_*</c> variables for OTLP export of all three signals, <c>METRICS_TOKEN</c> for
/// Prometheus text at <c>/metrics</c>. Nothing is collected that nobody exports.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    /// <summary>Wolverine names its meter after the service ("Wolverine:StatusPage.Host"), hence the wildcard.</summary>
    private static readonly string[] Meters = [StatusPageMetrics.MeterName, "Wolverine*", "Marten"];

    private static readonly string[] Sources = ["Wolverine", "Marten"];

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.Equals(configuration["LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.IncludeScopes = true;
            });
        }

        builder.Services.AddStatusPageTelemetry();
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 };
        var prometheus = configuration["METRICS_TOKEN"] is { Length: > 0 };
        if (!otlp && !prometheus) return;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "statuspage",
                serviceVersion: typeof(Observability).Assembly.GetName().Version?.ToString(3)))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation()
                    .AddNpgsqlInstrumentation().AddMeter(Meters);
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (!otlp) return;
        telemetry.WithTracing(tracing => tracing
                // Scrapes and health probes would be most of the traces and tell nothing.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path != MetricsPath && !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation().AddNpgsql().AddSource(Sources))
            .UseOtlpExporter();
    }

    /// <summary>
    /// <c>/metrics</c> answers only a scraper with the bearer token; everyone else, a wrong token included, gets the
    /// 404 of a path that is not there, so the endpoint's existence is not advertised.
    /// </summary>
    public static void UseMetricsEndpoint(this WebApplication app)
    {
        if (app.Configuration["METRICS_TOKEN"] is not { Length: > 0 } token) return;
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes("Bearer " + token));
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == MetricsPath && CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.Headers.Authorization.ToString())), expected));
    }
}
