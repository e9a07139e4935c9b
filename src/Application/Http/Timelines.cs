using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http;

namespace StatusPage.Application.Http;

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

    /// <summary>One page of the write models <paramref name="query"/> orders, each as its timeline folded from its events.</summary>
    public static async Task<(List<T> Timelines, long Total)> Page<TState, T>(
        IQueryable<TState> query, Func<TState, Guid> id, int page, int pageSize, IQuerySession session, CancellationToken token)
        where T : class
    {
        var states = await query.ToPagedListAsync(page, pageSize, token);
        var timelines = new List<T>();
        foreach (var state in states) timelines.Add((await session.Events.AggregateStreamAsync<T>(id(state), token: token))!);
        return (timelines, states.TotalItemCount);
    }

    /// <summary>A status filter as clients write it (<c>in_progress</c>); numbers are no status words.</summary>
    public static bool TryParseStatus<TStatus>(string text, out TStatus status) where TStatus : struct, Enum =>
        Enum.TryParse(text.Replace("_", ""), ignoreCase: true, out status) && !int.TryParse(text, out _);
}
