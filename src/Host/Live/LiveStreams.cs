using System.Buffers;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.Options;
using StatusPage.Application.Access;
using StatusPage.Application.Http;
using StatusPage.Application.Pages;
using StatusPage.Domain.Shared;
using StatusPage.Host.PublicPages;
using StatusPage.Projections;
using StatusPage.Projections.Live;

namespace StatusPage.Host.Live;

/// <summary>
/// Server-Sent Events: the operator stream (every topic of an organization) and the public stream (what the public
/// page shows). A reconnecting client's Last-Event-ID is replayed from the event store before live updates resume.
/// </summary>
public static class LiveStreams
{
    public static IServiceCollection AddLiveStreams(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LiveOptions>(configuration.GetSection("Live"));
        services.AddSingleton<LiveHub>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveHub>());
        return services;
    }

    public static void MapLiveStreams(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/orgs/{org}/stream", (HttpContext http) =>
                Stream(http, http.User.OrganizationId()!.Value, publicOnly: false))
            .RequireAuthorization(Policies.Read);

        // Readers reconnect all at once after a deploy or an outage: the page is found from what the node remembers.
        endpoints.MapGet("/{slug}/stream", async (string slug, HttpContext http, PublicPageDirectory pages) =>
        {
            if (await pages.BySlug(slug, http.RequestAborted) is not { } page)
            {
                await Problems.Write(http, StatusCodes.Status404NotFound, "Not found", $"No status page is called '{slug}'.");
                return;
            }

            await Stream(http, page.OrganizationId, publicOnly: true);
        });
    }

    private static async Task Stream(HttpContext http, Guid organizationId, bool publicOnly)
    {
        var hub = http.RequestServices.GetRequiredService<LiveHub>();
        var options = http.RequestServices.GetRequiredService<IOptions<LiveOptions>>().Value;
        var (connection, refusal) = hub.TryOpen(organizationId, publicOnly, http.Connection.RemoteIpAddress);
        if (connection is null)
        {
            http.Response.Headers.RetryAfter = "5";
            await Problems.Write(http, StatusCodes.Status503ServiceUnavailable, "Too many live connections", refusal!);
            return;
        }

        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            var token = http.RequestAborted;
            var writer = new SseWriter(http.Response);

            await writer.Raw($"retry: {options.RetryMilliseconds}\n\n", token);
            await writer.Event("connected", JsonSerializer.Serialize(new { organizationId, publicOnly }, WireJson.Options), token);

            var (missed, replayedThrough) = await Missed(http, organizationId, publicOnly, options, writer, token);
            foreach (var update in missed) await writer.Frame(LiveFrame.For(update), token);
            if (replayedThrough > 0) await writer.Raw($": replayed {missed.Count} missed updates through event {replayedThrough}\n\n", token);

            await Follow(connection, writer, replayedThrough, token);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
        finally
        {
            hub.Close(connection);
        }
    }

    private static async Task Follow(LiveConnection connection, SseWriter writer, long lastSent, CancellationToken token)
    {
        // Whatever queued up while this connection waited for its turn goes out in one write: under a burst (a change
        // and the page status after it, to thousands of clients) that halves the sends a node makes.
        var pending = connection.Pending;
        while (await pending.WaitToReadAsync(token))
        {
            var buffered = false;
            while (pending.TryRead(out var frame))
            {
                // Redis may deliver again what the replay already sent, or what a retried publish repeats.
                if (frame.Update is { Replayable: true } update && update.Sequence <= lastSent) continue;
                writer.Buffer(frame);
                buffered = true;
                if (frame.Update is { Replayable: true } sent) lastSent = sent.Sequence;
            }

            if (buffered) await writer.Flush(token);
        }

        if (connection.Overflowed) await writer.Raw(": this client fell too far behind; reconnect with Last-Event-ID\n\n", token);
        else if (connection.Released) await writer.Raw(": this node is shutting down; reconnect with Last-Event-ID\n\n", token);
    }

    /// <summary>
    /// What happened after the client's Last-Event-ID, from the event store, as the publisher sent it, and the
    /// sequence the replay covers: live updates up to it are already sent or never will be.
    /// </summary>
    /// <remarks>
    /// The replay stops at the publisher's watermark, not at the newest visible event: above it a transaction
    /// holding an earlier sequence may still be committing, and its event, published later, would arrive below
    /// what the client already has. The connection listens before the watermark is read, so each update comes by
    /// exactly one of the two ways.
    /// </remarks>
    private static async Task<(IReadOnlyList<LiveUpdate> Updates, long Through)> Missed(
        HttpContext http, Guid organizationId, bool publicOnly, LiveOptions options, SseWriter writer, CancellationToken token)
    {
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        if (header.Length == 0) return ([], 0);
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        if (!long.TryParse(header, out var after) || after < 0)
        {
            await writer.Raw($": Last-Event-ID '{Sanitize(header)}' is not an event id; starting from now\n\n", token);
            return ([], 0);
        }

        var statistics = await store.Advanced.FetchEventStoreStatistics(token: token);
        if (after > statistics.EventSequenceNumber)
        {
            await writer.Raw($": Last-Event-ID {after} is ahead of the event store; starting from now\n\n", token);
            return ([], 0);
        }

        await using var global = store.QuerySession();
        var through = Math.Max(after, await LiveWatermark.Read(global, token));
        await using var tenant = store.QuerySession(organizationId.ToString());
        var events = await Range(tenant, LiveUpdates.EventTypes, after, through, options.MaxReplay, token);
        var others = publicOnly ? [] : await Range(global, LiveUpdates.GlobalEventTypes, after, through, options.MaxReplay, token);
        var complete = events.Count <= options.MaxReplay && others.Count <= options.MaxReplay;
        events = [..events, ..others.Where(e => Concerns(e, organizationId))];

        // A long or old gap would cost more to replay than the page costs to load, and an old one would mostly
        // repeat what the page now shows anyway.
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!complete || events.Count > options.MaxReplay || events.Count > 0 && now - events.Min(e => e.Timestamp) > options.MaxReplayAge)
        {
            await writer.Event("reload", JsonSerializer.Serialize(new { after, through }, WireJson.Options), token);
            return ([], through);
        }

        // Each stream is folded from the store once, then advanced in memory by its later events.
        var updates = await LiveUpdates.For(global, events, token, new StreamStates());
        return (updates.Where(u => !publicOnly || u.Public).ToList(), through);
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

    private static string Sanitize(string value) => new(value.Take(40).Where(c => !char.IsControl(c)).ToArray());

    private sealed class SseWriter(HttpResponse response)
    {
        public async Task Frame(LiveFrame frame, CancellationToken token) => await response.BodyWriter.WriteAsync(frame.Bytes, token);

        public void Buffer(LiveFrame frame) => response.BodyWriter.Write(frame.Bytes);

        public async Task Flush(CancellationToken token) => await response.BodyWriter.FlushAsync(token);

        public Task Event(string name, string data, CancellationToken token) =>
            Raw($"event: {name}\ndata: {data}\n\n", token);

        public async Task Raw(string text, CancellationToken token)
        {
            await response.WriteAsync(text, token);
            await response.Body.FlushAsync(token);
        }
    }
}
