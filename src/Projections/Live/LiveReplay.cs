using JasperFx.Events;
using Marten;
using Marten.Events;
using StatusPage.Domain.Shared;

namespace StatusPage.Projections.Live;

public enum ReplayOutcome
{
    Replayed,

    /// <summary>The client names an event the store has not written: it is not from this installation, or the store was reset.</summary>
    AheadOfStore,

    /// <summary>Too many missed updates, or too old ones: the client is better served by loading the page again.</summary>
    TooLong
}

/// <param name="Through">The sequence the replay covers: live updates up to it are already sent or never will be.</param>
public sealed record Replay(ReplayOutcome Outcome, IReadOnlyList<LiveUpdate> Updates, long Through);

/// <summary>
/// What a client reconnecting with Last-Event-ID missed, from the event store, as the publisher sent it.
/// </summary>
/// <remarks>
/// The replay stops at the publisher's watermark, not at the newest visible event: above it a transaction holding an
/// earlier sequence may still be committing, and its event, published later, would arrive below what the client
/// already has. The connection listens before the watermark is read, so each update comes by exactly one of the two
/// ways.
/// </remarks>
public static class LiveReplay
{
    public static async Task<Replay> Missed(
        ReadSide reads, Guid organizationId, bool publicOnly, long after, int maxReplay, TimeSpan maxAge, DateTimeOffset now,
        CancellationToken token)
    {
        var statistics = await reads.Store.Advanced.FetchEventStoreStatistics(token: token);
        if (after > statistics.EventSequenceNumber) return new Replay(ReplayOutcome.AheadOfStore, [], 0);

        await using var global = reads.Store.QuerySession();
        var through = Math.Max(after, await LiveWatermark.Read(global, token));
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        var events = await Range(tenant, LiveUpdates.EventTypes, after, through, maxReplay, token);
        var others = publicOnly ? [] : await Range(global, LiveUpdates.GlobalEventTypes, after, through, maxReplay, token);
        var complete = events.Count <= maxReplay && others.Count <= maxReplay;
        events = [..events, ..others.Where(e => Concerns(e, organizationId))];

        // A long or old gap would cost more to replay than the page costs to load, and an old one would mostly
        // repeat what the page now shows anyway.
        if (!complete || events.Count > maxReplay || events.Count > 0 && now - events.Min(e => e.Timestamp) > maxAge)
            return new Replay(ReplayOutcome.TooLong, [], through);

        // Each stream is folded from the store once, then advanced in memory by its later events.
        var updates = await LiveUpdates.For(global, events, token, new StreamStates());
        return new Replay(ReplayOutcome.Replayed, updates.Where(u => !publicOnly || u.Public).ToList(), through);
    }

    /// <summary>One more event than may be replayed at most, so that a gap too long to replay is seen as such.</summary>
    private static async Task<IReadOnlyList<IEvent>> Range(
        IQuerySession session, Type[] types, long after, long through, int max, CancellationToken token) =>
        await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= through && e.EventTypesAre(types))
            .OrderBy(e => e.Sequence).Take(max + 1).ToListAsync(token);

    /// <summary>
    /// API keys and organization settings are global streams (a key is found before its tenant is known), so they
    /// are looked up apart, for every organization at once.
    /// </summary>
    private static bool Concerns(IEvent e, Guid organizationId) =>
        e.Data is IGlobalLiveEvent live && live.OrganizationId == organizationId;
}
