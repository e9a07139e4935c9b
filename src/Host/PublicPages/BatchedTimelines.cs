using Marten;

namespace StatusPage.Host.PublicPages;

/// <summary>
/// The timelines public documents show (open incidents, recent ones, maintenance windows), folded in one round trip.
/// Marten batches these folds (<c>FetchLatest</c>) only on a document session; nothing is ever saved through it.
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
