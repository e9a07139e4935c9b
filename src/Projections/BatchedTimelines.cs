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
}
