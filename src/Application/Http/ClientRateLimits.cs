using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace StatusPage.Application.Http;

/// <summary>
/// Limits for the doors anyone may knock on without a key (subscribing, heartbeats): so many requests a minute from
/// one client address per door, then 429 ProblemDetails with Retry-After.
/// </summary>
public static class ClientRateLimits
{
    public static IServiceCollection AddClientRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limits => limits.OnRejected = async (context, _) =>
        {
            var seconds = RetryAfter(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
            await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many requests from this address; try again in {seconds} seconds.");
        });

    /// <summary>A limit an endpoint keeps itself (per account rather than per address), answered as the per-client ones are.</summary>
    public static IResult TooMany(HttpContext http, TimeSpan wait, string what) =>
        Problems.Result(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"Too many {what}; try again in {RetryAfter(http, wait)} seconds.");

    /// <summary>Sets Retry-After and returns its whole seconds.</summary>
    public static int RetryAfter(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString();
        return seconds;
    }

    /// <summary>A named policy of <paramref name="perMinute"/> requests a minute per client (<see cref="ClientAddress"/>).</summary>
    public static IServiceCollection AddPerClientLimit(this IServiceCollection services, string policy, int perMinute) =>
        services.Configure<RateLimiterOptions>(limits => limits.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress.Of(http).ToString(),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) })));
}
