using System.Text.Json;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace StatusPage.Projections.Live;

/// <summary>
/// A Marten subscription run by the async daemon (once in a cluster): every page of events becomes live updates
/// published to Redis in sequence order. The daemon records progress only after a page is published, and a Redis
/// outage holds the page here, retried, instead of dropping it; clients that missed messages meanwhile get them
/// from the event store with Last-Event-ID.
/// </summary>
public sealed class LivePublisher(IConnectionMultiplexer redis, ILogger<LivePublisher> logger)
    : SubscriptionBase
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private readonly StreamStates _known = new();

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken token)
    {
        var pending = await LiveUpdates.For(operations, page.Events, token, _known);
        await LiveWatermark.Raise(operations, page.SequenceCeiling, token);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var subscriber = redis.GetSubscriber();
                foreach (var update in pending)
                {
                    await subscriber.PublishAsync(RedisChannel.Literal(update.Channel), JsonSerializer.Serialize(update, WireJson.Options));
                }

                return NullChangeListener.Instance;
            }
            catch (Exception e) when (e is RedisException or TimeoutException && !token.IsCancellationRequested)
            {
                logger.LogWarning(e, "Redis refused live updates up to sequence {Sequence}; retrying in {Backoff}", page.SequenceCeiling, backoff);
                await Task.Delay(backoff, token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
