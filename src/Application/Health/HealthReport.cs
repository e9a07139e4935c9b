using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;
using StatusPage.Application.Telemetry;

namespace StatusPage.Application.Health;

// A check that throws is reported unhealthy by the health-check service itself.
internal static class Budget
{
    /// <summary>
    /// The work, given up on when the check's time is over: neither Npgsql's connect and command timeouts nor
    /// StackExchange.Redis's wait for a lost connection may hold an answer up, nor whatever the clients do before
    /// their first await. The work is not handed the check's token: Npgsql cancels a running command by asking the
    /// server from the cancelling thread and waiting for it, and a hung server held the answer up for 30 s.
    /// </summary>
    public static Task<T> Within<T>(Func<Task<T>> work, CancellationToken token) => Task.Run(work, token).WaitAsync(token);
}

public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        await Budget.Within(async () =>
        {
            await using var connection = store.Storage.Database.CreateConnection();
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select 1", connection) { CommandTimeout = 2 };
            return await command.ExecuteScalarAsync();
        }, token);
        return HealthCheckResult.Healthy();
    }
}

public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        await Budget.Within(() => redis.GetDatabase().PingAsync(), token);
        return HealthCheckResult.Healthy();
    }
}

/// <summary>The async daemon is keeping up: no projection or subscription has left an event unprocessed for longer than allowed.</summary>
public sealed class ProjectionsHealthCheck(Backlog backlog, IConfiguration configuration) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        var allowed = configuration.GetValue("Health:MaxProjectionLagSeconds", 60.0);
        var behind = (await Budget.Within(backlog.ProjectionsAsync, token)).Where(p => p.SecondsBehind > allowed).ToList();
        return behind.Count == 0 ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"More than {allowed} s behind: {string.Join(", ", behind.Select(p => p.Name))}");
    }
}

/// <summary>
/// GET /health/live: the process answers. GET /health/ready: PostgreSQL, Redis and the projections are fine.
/// GET /health: PostgreSQL and Redis. Each is {status, version, and what it checked}, 503 naming what is down, and
/// answers within a second whatever a dependency does.
/// </summary>
public static class HealthReporting
{
    private const string Ready = "ready";
    private const string Servers = "servers";
    private static readonly TimeSpan CheckTime = TimeSpan.FromMilliseconds(800);

    public static readonly string Version =
        typeof(HealthReporting).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static IServiceCollection AddStatusPageHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<Backlog>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", timeout: CheckTime, tags: [Ready, Servers])
            .AddCheck<RedisHealthCheck>("redis", timeout: CheckTime, tags: [Ready, Servers])
            .AddCheck<ProjectionsHealthCheck>("projections", timeout: CheckTime, tags: [Ready]);
        return services;
    }

    public static void MapStatusPageHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", Tagged(Servers));
        endpoints.MapHealthChecks("/health/ready", Tagged(Ready));
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
    }

    private static HealthCheckOptions Tagged(string tag) => new() { Predicate = check => check.Tags.Contains(tag), ResponseWriter = Write };

    // The version's "+" (before the commit) stays readable; the body is JSON, never HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Task Write(HttpContext context, HealthReport report)
    {
        var body = new Dictionary<string, string>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "ok" : "down",
            ["version"] = Version
        };
        foreach (var (name, entry) in report.Entries) body[name] = entry.Status == HealthStatus.Healthy ? "ok" : "down";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
