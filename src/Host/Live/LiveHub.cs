using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using StatusPage.Application.Telemetry;
using StatusPage.Host.PublicPages;
using StatusPage.Projections;
using StatusPage.Projections.Live;

namespace StatusPage.Host.Live;

public sealed class LiveOptions
{
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>How many live updates may wait for one slow client before it is dropped (it resumes with Last-Event-ID).</summary>
    public int BufferPerConnection { get; set; } = 256;

    /// <summary>Open live connections this node accepts; more are answered 503 so the process never runs out of descriptors.</summary>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>
    /// Open live connections one client address (an IPv6 /64) may hold on this node: enough for a company's readers
    /// behind one NAT, few enough that one host cannot take the node's budget.
    /// </summary>
    public int MaxConnectionsPerClient { get; set; } = 500;

    /// <summary>Open live connections one organization's streams may hold on this node, so one page cannot starve the others.</summary>
    public int MaxConnectionsPerOrganization { get; set; } = 5_000;

    /// <summary>Missed updates a resuming client is sent at most; a longer gap is answered with a reload event.</summary>
    public int MaxReplay { get; set; } = 100;

    /// <summary>How old the first missed update may be for a resume to be replayed rather than answered with a reload event.</summary>
    public TimeSpan MaxReplayAge { get; set; } = TimeSpan.FromMinutes(15);

    public int RetryMilliseconds { get; set; } = 2_000;
}

/// <summary>An SSE frame, encoded once per node however many clients receive it: an update, or a heartbeat.</summary>
public sealed record LiveFrame(LiveUpdate? Update, byte[] Bytes)
{
    public static readonly LiveFrame Heartbeat = new(null, ": heartbeat\n\n"u8.ToArray());

    public static LiveFrame For(LiveUpdate update) => new(update, Encoding.UTF8.GetBytes(
        (update.Replayable ? $"id: {update.Sequence}\n" : "") + $"event: {update.Topic}\ndata: {update.Data.GetRawText()}\n\n"));
}

/// <summary>One browser or client listening to an organization's updates on this node.</summary>
public sealed class LiveConnection(Guid organizationId, bool publicOnly, int buffer)
{
    private readonly Channel<LiveFrame> _pending = Channel.CreateBounded<LiveFrame>(
        new BoundedChannelOptions(buffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public Guid OrganizationId { get; } = organizationId;
    public bool PublicOnly { get; } = publicOnly;
    public bool Overflowed { get; private set; }

    /// <summary>The node is shutting down: the stream ends and the client reconnects, through the proxy, to another node.</summary>
    public bool Released { get; private set; }

    public ChannelReader<LiveFrame> Pending => _pending.Reader;

    /// <summary>What is already queued is still sent, then the stream ends.</summary>
    public void Release()
    {
        Released = true;
        _pending.Writer.TryComplete();
    }

    /// <summary>Never waits: a client that cannot keep up is cut off rather than allowed to slow the others.</summary>
    public void Offer(LiveFrame frame)
    {
        if (PublicOnly && frame.Update is { Public: false }) return;
        if (_pending.Writer.TryWrite(frame) || Released) return;
        Overflowed = true;
        _pending.Writer.TryComplete();
    }
}

/// <summary>
/// One Redis pattern subscription per node, fanned out in memory to this node's live connections of each
/// organization. Redis is the fast path only: what a client misses, it gets back from the event store.
/// </summary>
/// <remarks>
/// Live streams never end by themselves, so a node that is stopping ends them as soon as it is told to: otherwise
/// the server would wait its whole shutdown timeout for them, and readers would hang on a node that is going away.
/// </remarks>
public sealed class LiveHub(
    IConnectionMultiplexer redis, Microsoft.Extensions.Options.IOptions<LiveOptions> options, PublicDocuments documents, ILogger<LiveHub> logger,
    StatusPageMetrics metrics, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    /// <summary>Each connection with its share of the node's, its organization's and its client's budgets, given back on close.</summary>
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<LiveConnection, IDisposable>> _listeners = new();
    private readonly LiveBudget _budget = new(options.Value);
    private int _open;
    private int _openPublic;

    /// <summary>A connection, or why there is no room for it: the node, the organization or the client is at its cap.</summary>
    public (LiveConnection? Connection, string? Refusal) TryOpen(Guid organizationId, bool publicOnly, IPAddress? client)
    {
        var (lease, refusal) = _budget.Take(organizationId, client);
        if (lease is null) return (null, refusal);
        Interlocked.Increment(ref _open);
        if (publicOnly) Interlocked.Increment(ref _openPublic);
        var connection = new LiveConnection(organizationId, publicOnly, options.Value.BufferPerConnection);
        _listeners.GetOrAdd(organizationId, _ => new()).TryAdd(connection, lease);
        // A stream opened while the node began to stop may have been missed by the sweep that released the others.
        if (lifetime.ApplicationStopping.IsCancellationRequested) connection.Release();
        return (connection, null);
    }

    public void Close(LiveConnection connection)
    {
        if (_listeners.TryGetValue(connection.OrganizationId, out var connections) && connections.TryRemove(connection, out var lease))
        {
            lease.Dispose();
            if (connection.PublicOnly) Interlocked.Decrement(ref _openPublic);
            Interlocked.Decrement(ref _open);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObserveLiveConnections(() => (Volatile.Read(ref _openPublic), Volatile.Read(ref _open) - Volatile.Read(ref _openPublic)));
        using var stopping = lifetime.ApplicationStopping.Register(ReleaseAll);
        await Subscribe(stoppingToken);

        // One timer for the node keeps idle connections open through proxies, not one per connection.
        using var heartbeat = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        while (await heartbeat.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var connections in _listeners.Values)
            foreach (var (connection, _) in connections) connection.Offer(LiveFrame.Heartbeat);
        }
    }

    private void ReleaseAll()
    {
        foreach (var connections in _listeners.Values)
        foreach (var (connection, _) in connections) connection.Release();
    }

    private async Task Subscribe(CancellationToken stoppingToken)
    {
        // Redis may be down when the node starts; the multiplexer resubscribes by itself once subscribed.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(LiveUpdate.ChannelPattern));
                queue.OnMessage(message => Dispatch(message.Channel.ToString(), message.Message));
                return;
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                logger.LogWarning(e, "Cannot subscribe to live updates in Redis yet; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    /// <summary>
    /// Every update makes the organization's public documents render again; only updates someone on this node
    /// listens to are read in full: the channel names the organization.
    /// </summary>
    private void Dispatch(string channel, RedisValue message)
    {
        var organization = channel.Split(':') is [_, var id, ..] && Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty;
        if (organization != Guid.Empty) documents.Changed(organization, PublicDocuments.SequenceOf(message));
        if (!_listeners.TryGetValue(organization, out var connections) || connections.IsEmpty) return;
        var update = JsonSerializer.Deserialize<LiveUpdate>(message.ToString(), WireJson.Options);
        if (update is null) return;
        var frame = LiveFrame.For(update);
        // Enumerating the dictionary itself takes no locks and copies nothing, unlike its Keys.
        foreach (var (connection, _) in connections) connection.Offer(frame);
    }
}
