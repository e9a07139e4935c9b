using System.Security.Claims;
using StatusPage.Domain.Components;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Monitors;

public static class ReadMonitorsEndpoints
{
    public const int MaxChecks = 10_000;

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/components/{id}/monitors", OperationId = "listMonitors")]
    public static async Task<IResult> List(Guid id, IQuerySession session, HttpContext http, CancellationToken token)
    {
        if (await session.LoadAsync<Component>(id, token) is null or { Removed: true }) return Problems.NotFound("Component", id);
        var monitors = await session.Query<ComponentMonitor>().Where(m => m.ComponentId == id && !m.Removed)
            .OrderBy(m => m.CreatedAt).ToListAsync(token);
        return Results.Ok(monitors.Select(m => AsSeenBy(http.User, m)));
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/monitors/{id}", OperationId = "getMonitor")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, CancellationToken token)
    {
        if (await Find(id, session, token) is not { } monitor) return Problems.NotFound("Monitor", id);
        ExpectedVersion.Tag(http, monitor.Version);
        return Results.Ok(AsSeenBy(http.User, monitor));
    }

    /// <summary>
    /// Header values (often credentials of the target) and the heartbeat secret are for those who may change the
    /// monitor; a viewer sees which headers are set. The monitor was read for this answer only, so it is masked in place.
    /// </summary>
    private static ComponentMonitor AsSeenBy(ClaimsPrincipal caller, ComponentMonitor monitor)
    {
        if (caller.MayChange()) return monitor;
        monitor.Settings = monitor.Settings with { Headers = monitor.Settings.Headers.ToDictionary(h => h.Key, _ => Hidden) };
        monitor.HeartbeatSecret = monitor.HeartbeatSecret is null ? null : Hidden;
        return monitor;
    }

    public const string Hidden = "(hidden)";

    public sealed record CheckHistory(Guid MonitorId, IReadOnlyList<CheckRow> Checks);

    /// <summary>The monitor's check results, newest first: by default the last 24 hours, at most <c>limit</c> of them.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/monitors/{id}/checks", OperationId = "listMonitorChecks")]
    public static async Task<IResult> ListChecks(
        Guid id, DateTimeOffset? from, DateTimeOffset? to, int? limit, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        if (limit is < 1 or > MaxChecks) return Problems.Invalid("limit", $"'limit' must be from 1 to {MaxChecks}.");
        var until = to ?? clock.GetUtcNow();
        var since = from ?? until.AddDays(-1);
        if (since > until) return Problems.Invalid("from", "'from' must not be after 'to'.");
        if (await Find(id, session, token) is null) return Problems.NotFound("Monitor", id);
        return Results.Ok(new CheckHistory(id, await CheckLog.Read(session, id, since, until, limit ?? 1_000, token)));
    }

    private static async Task<ComponentMonitor?> Find(Guid id, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<ComponentMonitor>(id, token) is { Removed: false } monitor ? monitor : null;
}
