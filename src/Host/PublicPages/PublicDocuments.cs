using System.Collections.Concurrent;
using System.Text.Json;
using StackExchange.Redis;
using StatusPage.Application.Pages;
using StatusPage.Projections;

namespace StatusPage.Host.PublicPages;

/// <summary>What a public document is rendered from: the page, the route's own values (never the query string), and services.</summary>
public sealed record PublicDocumentRequest(PublicPage Page, IReadOnlyDictionary<string, object?> RouteValues, IServiceProvider Services)
{
    /// <summary>For the document's query function, which reads; the render only hands it over.</summary>
    public ReadSide Reads() => Services.GetRequiredService<ReadSide>();
}

/// <summary>Renders one public document; null when there is nothing at that address (answered 404, not remembered).</summary>
public delegate Task<byte[]?> RenderPublicDocument(PublicDocumentRequest request, CancellationToken token);

/// <summary>
/// Public documents rendered once per change, per node: every reader gets the same remembered bytes until a live
/// update for the organization arrives from Redis, then the next reader renders them again, once however many ask
/// at that moment. A document is only remembered when it was rendered from read models that had caught up with
/// every change this node has heard of, and when no change arrived while it was being rendered: otherwise it would
/// stay stale until the next change. What is remembered is bounded in bytes per node
/// (<c>PublicDocuments:MaxMegabytes</c>): past it, the documents read longest ago are forgotten first.
/// </summary>
public sealed class PublicDocuments
{
    private readonly ConcurrentDictionary<Guid, OrganizationDocuments> _organizations = new();
    private readonly PublicPageDirectory _directory;
    private readonly ReadModelProgress _progress;
    private readonly IServiceScopeFactory _scopes;
    private readonly CancellationToken _stopping;
    private readonly TimeProvider _clock;
    private readonly ILogger<PublicDocuments> _logger;
    private readonly long _maxBytes;
    private long _bytes;
    private int _evicting;
    private long _reads;
    private long _renders;

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    public PublicDocuments(
        PublicPageDirectory directory, ReadModelProgress progress, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime,
        IConnectionMultiplexer redis, TimeProvider clock, IConfiguration configuration, ILogger<PublicDocuments> logger)
    {
        (_directory, _progress, _scopes, _stopping, _clock, _logger) = (directory, progress, scopes, lifetime.ApplicationStopping, clock, logger);
        _maxBytes = configuration.GetValue("PublicDocuments:MaxMegabytes", 128L) * 1024 * 1024;
        // Updates published while this node was cut off from Redis never arrive: after reconnecting, nothing
        // remembered is trusted.
        redis.ConnectionRestored += (_, _) => ForgetAll();
    }

    /// <summary>How many times this node has rendered a document: once per document and change when all goes well.</summary>
    public long Renders => Interlocked.Read(ref _renders);

    /// <summary>The bytes of the documents this node remembers, in all their encodings.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>A live update for the organization arrived: what it changed is at or below <paramref name="sequence"/>.</summary>
    public void Changed(Guid organizationId, long sequence)
    {
        _directory.Forget(organizationId);
        var documents = _organizations.GetOrAdd(organizationId, _ => new OrganizationDocuments());
        documents.Change(sequence);
        ForgetEntries(documents);
    }

    /// <summary>The sequence of a live update as the publisher wrote it to Redis, read without parsing the whole update.</summary>
    public static long SequenceOf(byte[]? json)
    {
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader is { TokenType: JsonTokenType.PropertyName, CurrentDepth: 1 } && reader.ValueTextEquals("sequence"u8))
                return reader.Read() && reader.TryGetInt64(out var sequence) ? sequence : 0;
        }

        return 0;
    }

    private void ForgetAll()
    {
        foreach (var (id, documents) in _organizations)
        {
            _directory.Forget(id);
            documents.ChangeUnknown();
            ForgetEntries(documents);
        }
    }

    /// <summary>After the version moved on, so that a render finishing meanwhile is not remembered either.</summary>
    private void ForgetEntries(OrganizationDocuments documents)
    {
        foreach (var (key, entry) in documents.Entries) Forget(documents, key, entry);
    }

    private void Forget(OrganizationDocuments documents, string key, Entry entry)
    {
        if (documents.Entries.TryRemove(KeyValuePair.Create(key, entry))) Uncount(entry);
    }

    private void Uncount(Entry entry) => Interlocked.Add(ref _bytes, -Interlocked.Exchange(ref entry.Bytes, 0));

    /// <summary>Counts a document once it is kept, then makes room if the node remembers too much.</summary>
    private void Count(OrganizationDocuments documents, string key, Entry entry, RenderedDocument document)
    {
        Interlocked.Exchange(ref entry.Bytes, document.Bytes);
        Interlocked.Add(ref _bytes, document.Bytes);
        // Forgotten while it was being counted: whoever removed it found nothing to take off yet.
        if (!documents.Entries.TryGetValue(key, out var still) || still != entry) Uncount(entry);
        if (Interlocked.Read(ref _bytes) > _maxBytes) Evict();
    }

    /// <summary>Down to nine tenths of the budget, so that evicting is rare; one caller at a time does it.</summary>
    private void Evict()
    {
        if (Interlocked.Exchange(ref _evicting, 1) == 1) return;
        try
        {
            var remembered = _organizations.Values
                .SelectMany(documents => documents.Entries.Select(e => (Documents: documents, e.Key, Entry: e.Value)))
                .Where(e => Interlocked.Read(ref e.Entry.Bytes) > 0)
                .OrderBy(e => Interlocked.Read(ref e.Entry.LastRead))
                .ToList();
            foreach (var (documents, key, entry) in remembered)
            {
                if (Interlocked.Read(ref _bytes) <= _maxBytes / 10 * 9) break;
                Forget(documents, key, entry);
            }
        }
        finally
        {
            Volatile.Write(ref _evicting, 0);
        }
    }

    /// <summary>
    /// The document remembered under <paramref name="key"/> (the path with its route values, never the query string),
    /// or rendered now by one flight that every reader arriving meanwhile joins.
    /// </summary>
    public Task<RenderedDocument?> Get(PublicPage page, string key, IReadOnlyDictionary<string, object?> routeValues, RenderPublicDocument render)
    {
        var documents = _organizations.GetOrAdd(page.OrganizationId, _ => new OrganizationDocuments());
        if (documents.Entries.TryGetValue(key, out var known))
        {
            // Time alone changes some documents (uptime bars move on at midnight, "today" keeps counting), and a
            // notice lost with Redis must not keep a page stale for ever: nothing is served much older than a minute.
            if (known.Flight.Value is not { IsCompletedSuccessfully: true, Result: { } document }
                || _clock.GetUtcNow() - document.RenderedAt < MaxAge)
            {
                Interlocked.Exchange(ref known.LastRead, Interlocked.Increment(ref _reads));
                return known.Flight.Value;
            }

            Forget(documents, key, known);
        }

        var entry = new Entry { LastRead = Interlocked.Increment(ref _reads) };
        entry.Flight = new Lazy<Task<RenderedDocument?>>(() => Render(documents, key, entry, page, routeValues, render));
        return documents.Entries.GetOrAdd(key, entry).Flight.Value;
    }

    private async Task<RenderedDocument?> Render(
        OrganizationDocuments documents, string key, Entry entry, PublicPage page, IReadOnlyDictionary<string, object?> routeValues,
        RenderPublicDocument render)
    {
        var version = documents.Version;
        var keep = false;
        try
        {
            // Progress is read before the read models, so they are at least as new as it says.
            var (caughtUp, highWater) = await _progress.Read(_stopping);
            var required = documents.Required(highWater);
            await using var scope = _scopes.CreateAsyncScope();
            Interlocked.Increment(ref _renders);
            var bytes = await render(new PublicDocumentRequest(page, routeValues, scope.ServiceProvider), _stopping);
            if (bytes is null) return null;
            keep = caughtUp >= required && documents.Version == version;
            if (!keep)
                _logger.LogDebug("Not remembering {Key} of {Organization}: read models at {CaughtUp}, last change at {Required}",
                    key, page.OrganizationId, caughtUp, required);
            var document = RenderedDocument.From(bytes, _clock.GetUtcNow());
            if (keep) Count(documents, key, entry, document);
            return document;
        }
        finally
        {
            // A flight that may be stale (or failed, or found nothing) answers the readers who joined it, then
            // leaves, so that the next reader renders afresh.
            if (!keep) documents.Entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    /// <summary>One document's flight, and once it is kept, its size; and the number of the read that last asked for it.</summary>
    private sealed class Entry
    {
        public Lazy<Task<RenderedDocument?>> Flight = null!;
        public long Bytes;
        public long LastRead;
    }

    private sealed class OrganizationDocuments
    {
        private readonly Lock _lock = new();
        private long _version;
        private long _required;
        private bool _established;

        public ConcurrentDictionary<string, Entry> Entries { get; } = new();

        public long Version
        {
            get
            {
                lock (_lock) return _version;
            }
        }

        /// <summary>
        /// The sequence read models must have reached before a render may be remembered: the last change heard of,
        /// and, until this node has heard of every change (at first, and after Redis was away), everything in the event store.
        /// </summary>
        public long Required(long highWater)
        {
            lock (_lock)
            {
                if (!_established) (_required, _established) = (Math.Max(_required, highWater), true);
                return _required;
            }
        }

        public void Change(long sequence)
        {
            lock (_lock)
            {
                (_version, _required) = (_version + 1, Math.Max(_required, sequence));
            }
        }

        public void ChangeUnknown()
        {
            lock (_lock)
            {
                (_version, _established) = (_version + 1, false);
            }
        }
    }
}
