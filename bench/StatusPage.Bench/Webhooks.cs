using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

/// <summary>
/// One incident update fanned out to many webhook endpoints on a local receiver: the time from the update's answer
/// until every healthy endpoint's delivery is logged successful, once with all endpoints healthy and once with every
/// tenth hanging until the sender's 10 s timeout (the others must not wait for them).
/// </summary>
internal static class WebhookBench
{
    public static async Task<List<string[]>> Run(string node, Func<Task<(string OrgId, string Key)>> newOrganization, int endpoints)
    {
        var receiver = await Receiver.Start();
        try
        {
            // Unreported warm-up: the first deliveries ever also pay for the JIT, connection pools and creating the log's tables.
            var (warmOrg, warmKey) = await newOrganization();
            await Once(node, warmOrg, warmKey, receiver, endpoints / 10, 0);
            var rows = new List<string[]>();
            foreach (var hangingEvery in new[] { 0, 10 })
            {
                var (orgId, key) = await newOrganization();
                var result = await Once(node, orgId, key, receiver, endpoints, hangingEvery);
                var healthy = hangingEvery == 0 ? endpoints : endpoints - endpoints / hangingEvery;
                rows.Add([
                    hangingEvery == 0 ? $"one incident update → {endpoints} webhook endpoints" : $"the same, every {hangingEvery}th endpoint hanging",
                    $"{result.Logged}/{healthy} ok", $"{result.ReceivedP50:F0} ms", $"{result.AllLogged:F0} ms",
                    $"from the update: half received (p50), all {healthy} healthy logged successful (p99 column); received first {result.FirstReceived:F0}, last {result.LastReceived:F0} ms; target ≤ 5000 ms"
                ]);
            }

            return rows;
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    private static async Task<(int Logged, double FirstReceived, double ReceivedP50, double LastReceived, double AllLogged)> Once(
        string node, string orgId, string key, Receiver receiver, int endpoints, int hangingEvery)
    {
        using var client = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var prefix = $"/{orgId}/";
        var hanging = Enumerable.Range(0, endpoints).Where(i => hangingEvery > 0 && i % hangingEvery == 0).Select(i => $"{prefix}{i}").ToHashSet();
        receiver.Hang(hanging);
        for (var batch = 0; batch < endpoints; batch += 50)
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(50, endpoints - batch)).Select(async i =>
                (await client.PostAsJsonAsync($"/api/orgs/{orgId}/webhooks",
                    new { url = receiver.Url($"{prefix}{i}"), eventTypes = new[] { "incident.updated" } })).EnsureSuccessStatusCode()));

        var declared = await client.PostAsJsonAsync($"/api/orgs/{orgId}/incidents",
            new { name = "Webhook bench", impact = "minor", status = "investigating", message = "Investigating." });
        var incident = JsonNode.Parse(await declared.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

        var healthy = endpoints - hanging.Count;
        var started = Stopwatch.GetTimestamp();
        receiver.Start(started);
        (await client.PostAsJsonAsync($"/api/orgs/{orgId}/incidents/{incident}/updates",
            new { status = "identified", message = "Found it." })).EnsureSuccessStatusCode();

        await using var database = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("BENCH_PG_PORT")};Username=postgres;Database=postgres");
        await database.OpenAsync();
        await using var count = new NpgsqlCommand(
            "select count(*) from statuspage.mt_doc_webhookattempt where tenant_id = @org and (data ->> 'Succeeded')::boolean", database);
        count.Parameters.AddWithValue("org", orgId);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        int logged;
        while ((logged = await Count(count)) < healthy && DateTime.UtcNow < deadline) await Task.Delay(10);
        var allLogged = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var arrivals = receiver.Arrivals(prefix).Where(a => !hanging.Contains(a.Path)).Select(a => a.Ms).Order().ToList();
        return (logged, arrivals.FirstOrDefault(), arrivals.Count > 0 ? arrivals[arrivals.Count / 2] : double.NaN, arrivals.LastOrDefault(), allLogged);
    }

    /// <summary>Marten creates the log's table with the first attempt it stores; until then nothing is logged.</summary>
    private static async Task<int> Count(NpgsqlCommand count)
    {
        try
        {
            return Convert.ToInt32(await count.ExecuteScalarAsync());
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>Answers 200 at once, or never to the paths told to hang; notes when each request arrived.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, double Ms)> _arrivals = new();
        private readonly CancellationTokenSource _stopping = new();
        private volatile HashSet<string> _hanging = new();
        private long _started;

        private Receiver(WebApplication app) => _app = app;

        public Uri BaseAddress { get; private set; } = null!;

        public static async Task<Receiver> Start()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            var receiver = new Receiver(builder.Build());
            receiver._app.MapPost("/{**path}", (Func<HttpContext, Task>)receiver.Receive);
            await receiver._app.StartAsync();
            receiver.BaseAddress = new Uri(receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return receiver;
        }

        public string Url(string path) => new Uri(BaseAddress, path).ToString();

        public void Hang(HashSet<string> paths) => _hanging = paths;

        public void Start(long started) => Interlocked.Exchange(ref _started, started);

        public IEnumerable<(string Path, double Ms)> Arrivals(string prefix) => _arrivals.Where(a => a.Path.StartsWith(prefix));

        private async Task Receive(HttpContext context)
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            var path = context.Request.Path.Value!;
            _arrivals.Enqueue((path, Stopwatch.GetElapsedTime(Interlocked.Read(ref _started)).TotalMilliseconds));
            if (_hanging.Contains(path))
            {
                using var hang = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                await Task.Delay(Timeout.Infinite, hang.Token).ContinueWith(_ => { });
                return;
            }

            context.Response.StatusCode = 200;
        }

        public async ValueTask DisposeAsync()
        {
            await _stopping.CancelAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
