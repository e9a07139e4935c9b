using Marten;

namespace StatusPage.Projections;

/// <summary>
/// Timelines (incidents, maintenance windows) folded from their events, any number in one round trip: the public
/// documents and the API's listings read them so. Marten batches these folds (<c>FetchLatest</c>) only on a document
/// session; nothing is ever saved through it.
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

    /// <summary>One stream folded as it is now, or nothing when it has no events.</summary>
    public static async Task<T?> Timeline<T>(this IDocumentStore store, string tenantId, Guid id, CancellationToken token) where T : class =>
        (await store.InTenant(tenantId, tenant => tenant.Timelines<T>([id], token))).SingleOrDefault();

    /// <summary>A read in the tenant on a session of its own, for callers that hold none.</summary>
    public static async Task<T> InTenant<T>(this IDocumentStore store, string tenantId, Func<IDocumentSession, Task<T>> read)
    {
        await using var tenant = store.LightweightSession(tenantId);
        return await read(tenant);
    }
}
