using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Monitors;

/// <summary>
/// The secret URL an external job calls (GET or POST, no key) to say it is alive. The monitor's id finds it in any
/// organization; the secret, compared in constant time, proves the caller was given the URL. Calls are limited per
/// client address, since anyone can make them.
/// </summary>
public static class ReceiveHeartbeatEndpoint
{
    [EnableRateLimiting(MonitorSetup.HeartbeatRateLimit)]
    [WolverinePost("/api/heartbeats/{id}/{secret}", OperationId = "heartbeat")]
    public static Task<IResult> Post(Guid id, string secret, IQuerySession session, TimeProvider clock, CancellationToken token) =>
        Beat(id, secret, session, clock, token);

    [EnableRateLimiting(MonitorSetup.HeartbeatRateLimit)]
    [WolverineGet("/api/heartbeats/{id}/{secret}", OperationId = "heartbeatByGet")]
    public static Task<IResult> Get(Guid id, string secret, IQuerySession session, TimeProvider clock, CancellationToken token) =>
        Beat(id, secret, session, clock, token);

    private static async Task<IResult> Beat(Guid id, string secret, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var monitor = await session.Query<ComponentMonitor>().Where(m => m.AnyTenant() && m.Id == id).FirstOrDefaultAsync(token);
        if (monitor is not { Removed: false, HeartbeatSecret: { } expected } ||
            !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(secret)))
            return Problems.NotFound("Heartbeat", id);
        await CheckLog.Beat(session, id, clock.GetUtcNow(), token);
        return Results.Accepted();
    }
}
