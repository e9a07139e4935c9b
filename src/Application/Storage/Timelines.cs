using Marten.Pagination;
using Microsoft.AspNetCore.Http;
using StatusPage.Projections;

namespace StatusPage.Application.Storage;

/// <summary>
/// Reading what is folded from a stream's events whenever it is read (incident and maintenance timelines): exact
/// right after a command, and at any earlier version or moment.
/// </summary>
public static class Timelines
{
    /// <summary>The stream folded as it is now, or as it was at <paramref name="version"/> or <paramref name="at"/>.</summary>
    public static async Task<IResult> One<T>(
        string what, Guid id, DateTimeOffset? at, long? version, Func<T, long> versionOf, IQuerySession session, HttpContext http,
        CancellationToken token) where T : class
    {
        if (version is < 1) return Problems.Invalid("version", "'version' starts at 1.");
        var timeline = await session.Events.AggregateStreamAsync<T>(id, version ?? 0, at, token: token);
        if (timeline is null) return Problems.NotFound(what, id);
        ExpectedVersion.Tag(http, versionOf(timeline));
        return Results.Ok(timeline);
    }

    /// <summary>
    /// One page of the write models <paramref name="query"/> orders, each as its timeline folded from its events, all
    /// folded in one round trip.
    /// </summary>
    public static async Task<(List<T> Timelines, long Total)> Page<TState, T>(
        IQueryable<TState> query, Func<TState, Guid> id, int page, int pageSize, IQuerySession session, CancellationToken token)
        where T : class
    {
        var states = await query.ToPagedListAsync(page, pageSize, token);
        await using var batch = session.DocumentStore.LightweightSession(session.TenantId);
        return ((await batch.Timelines<T>(states.Select(id).ToList(), token)).ToList(), states.TotalItemCount);
    }
}
