using JasperFx.Events.Projections;
using Marten;

namespace StatusPage.Projections;

/// <summary>
/// How far the async projections (the read models public documents are rendered from) have got through the event
/// store, and how far the event store itself has got: one small query, made once per render, never per request.
/// </summary>
public sealed class ReadModelProgress(IDocumentStore store)
{
    private readonly HashSet<string> _projections = ReadModels.Rebuilt(store).ToHashSet();

    public async Task<(long CaughtUp, long HighWater)> Read(CancellationToken token)
    {
        var shards = await store.Advanced.AllProjectionProgress(token: token);
        var highWater = shards.Where(s => s.ShardName == ShardState.HighWaterMark).Select(s => s.Sequence).DefaultIfEmpty(0).Max();
        var caughtUp = shards.Where(s => _projections.Contains(s.ShardName.Split(':')[0])).Select(s => s.Sequence)
            .DefaultIfEmpty(0).Min();
        return (caughtUp, highWater);
    }
}
