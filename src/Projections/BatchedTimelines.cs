using Marten;
using Marten.Internal;

namespace StatusPage.Projections;

/// <summary>
/// Timelines (incidents, maintenance windows) and other streams folded from their events, any number in one round
/// trip: the public documents, the API's listings and the dashboard read them so. Marten batches these folds
/// (<c>FetchLatest</c>) only on a document session; nothing is ever saved through it.
/// </summary>
public static class BatchedTimelines
{
    /// <summary>Each stream folded into its timeline, in the order asked; streams that turn out empty are left out.</summary>
    public static async Task<IReadOnlyList<T>> Timelines<T>(this IDocumentSession tenant, IReadOnlyList<Guid> ids, CancellationToken token)
        where T : class
    {
        var batch = tenant.CreateBatchQuery();
        var timelines = ids.Select(id => batch.Events.FetchLatest<T>(id)).ToList();
        await batch.Execute(token);
        return (await Task.WhenAll(timelines)).OfType<T>().ToList();
    }

    /// <summary>The streams a query of their write models or history picks, in its order.</summary>
    public static async Task<IReadOnlyList<T>> Timelines<T>(this IDocumentSession tenant, IQueryable<Guid> ids, CancellationToken token)
        where T : class =>
        await tenant.Timelines<T>(await ids.ToListAsync(token), token);

    /// <summary>
    /// Each stream as it stood at <paramref name="at"/>: its events up to then fetched in one round trip, then folded
    /// in memory. Streams that had not begun by then are left out.
    /// </summary>
    public static async Task<IReadOnlyList<T>> Timelines<T>(this IQuerySession tenant, IReadOnlyList<Guid> ids, DateTimeOffset at, CancellationToken token)
        where T : class
    {
        var batch = tenant.CreateBatchQuery();
        var streams = ids.Select(id => batch.Events.FetchStream(id, timestamp: at)).ToList();
        await batch.Execute(token);
        var aggregator = ((IMartenSession)tenant).Options.Projections.AggregatorFor<T>();
        var folded = new List<T>();
        foreach (var events in await Task.WhenAll(streams))
            if (events.Count > 0 && await aggregator.BuildAsync(events, tenant, null, token) is { } state) folded.Add(state);
        return folded;
    }

    /// <summary>One stream folded as it is now, or nothing when it has no events.</summary>
    public static async Task<T?> Timeline<T>(this ReadSide reads, string tenantId, Guid id, CancellationToken token) where T : class =>
        (await reads.InTenant(tenantId, tenant => tenant.Timelines<T>([id], token))).SingleOrDefault();

    /// <summary>A read in the tenant on a session of its own, for callers that hold none.</summary>
    internal static async Task<T> InTenant<T>(this ReadSide reads, string tenantId, Func<IDocumentSession, Task<T>> read)
    {
        await using var tenant = reads.Store.LightweightSession(tenantId);
        return await read(tenant);
    }
}
