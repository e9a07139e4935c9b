using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace StatusPage.Application.Health;

// A check that throws is reported unhealthy by the health-check service itself.
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        await using var session = store.QuerySession();
        await session.QueryAsync<int>("select 1", token);
        return HealthCheckResult.Healthy();
    }
}

public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken token = default)
    {
        await redis.GetDatabase().PingAsync();
        return HealthCheckResult.Healthy();
    }
}

/// <summary>GET /health: {status, database, redis}; 503 naming what is down.</summary>
public static class HealthReporting
{
    public static IServiceCollection AddStatusPageHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", timeout: TimeSpan.FromSeconds(3))
            .AddCheck<RedisHealthCheck>("redis", timeout: TimeSpan.FromSeconds(3));
        return services;
    }

    public static IEndpointConventionBuilder MapStatusPageHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = Write });

    private static Task Write(HttpContext context, HealthReport report)
    {
        var body = new Dictionary<string, string> { ["status"] = report.Status == HealthStatus.Healthy ? "ok" : "down" };
        foreach (var (name, entry) in report.Entries) body[name] = entry.Status == HealthStatus.Healthy ? "ok" : "down";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
