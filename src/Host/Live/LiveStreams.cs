using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StatusPage.Application.Access;
using StatusPage.Application.Http;
using StatusPage.Application.Pages;
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

    /// <summary>What happened after the client's Last-Event-ID, and the sequence the replay covers (see <see cref="LiveReplay"/>).</summary>
    private static async Task<(IReadOnlyList<LiveUpdate> Updates, long Through)> Missed(
        HttpContext http, Guid organizationId, bool publicOnly, LiveOptions options, SseWriter writer, CancellationToken token)
    {
        var header = http.Request.Headers["Last-Event-ID"].ToString();
        if (header.Length == 0) return ([], 0);
        if (!long.TryParse(header, out var after) || after < 0)
        {
            await writer.Raw($": Last-Event-ID '{Sanitize(header)}' is not an event id; starting from now\n\n", token);
            return ([], 0);
        }

        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var replay = await LiveReplay.Missed(http.RequestServices.GetRequiredService<ReadSide>(), organizationId, publicOnly, after,
            options.MaxReplay, options.MaxReplayAge, now, token);
        switch (replay.Outcome)
        {
            case ReplayOutcome.AheadOfStore:
                await writer.Raw($": Last-Event-ID {after} is ahead of the event store; starting from now\n\n", token);
                break;
            case ReplayOutcome.TooLong:
                await writer.Event("reload", JsonSerializer.Serialize(new { after, through = replay.Through }, WireJson.Options), token);
                break;
        }

        return (replay.Updates, replay.Through);
    }

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
