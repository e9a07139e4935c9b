using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

// Drives a running host (started by bench/run.sh) and prints one table of figures.
if (args is ["overload-client", var server, var path, var count])
{
    await Overload.Client(new Uri(server), path, int.Parse(count));
    return;
}

if (args is ["monitors", var monitorNode, var hostPid, ..])
{
    await MonitorBench.Run(monitorNode, int.Parse(hostPid), int.Parse(Environment.GetEnvironmentVariable("BENCH_MONITORS") ?? "1000"),
        10, args.Length > 3 ? int.Parse(args[3]) : 60);
    return;
}

if (args is ["resume", var resumeNode, var resumeHostPid, ..])
{
    await WaitForHealth(new HttpClient { BaseAddress = new Uri(resumeNode) });
    await ResumeBench.Run(resumeNode, int.Parse(resumeHostPid), int.Parse(Environment.GetEnvironmentVariable("BENCH_CHANGES") ?? "5000"),
        int.Parse(Environment.GetEnvironmentVariable("BENCH_HISTORY_PAGES") ?? "3000"));
    return;
}

if (args is ["shutdown", var shutdownNode, var shutdownHostPid, ..])
{
    await WaitForHealth(new HttpClient { BaseAddress = new Uri(shutdownNode) });
    await ShutdownBench.Run(shutdownNode, int.Parse(shutdownHostPid), int.Parse(Environment.GetEnvironmentVariable("BENCH_SHUTDOWN_STREAMS") ?? "1000"));
    return;
}

var baseUrl = args[0];
var secondNode = args[1];
var seconds = args.Length > 2 ? int.Parse(args[2]) : 15;
var liveSeconds = int.Parse(Environment.GetEnvironmentVariable("BENCH_LIVE_SECONDS") ?? "60");
var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
await WaitForHealth(http);
await WaitForHealth(new HttpClient { BaseAddress = new Uri(secondNode) });

var rows = new List<string[]>();
var webhookEndpoints = int.Parse(Environment.GetEnvironmentVariable("BENCH_WEBHOOKS") ?? "1000");
// BENCH_WEBHOOKS_ONLY=1 measures only the webhook fan-out.
if (Environment.GetEnvironmentVariable("BENCH_WEBHOOKS_ONLY") == "1")
{
    Print(["measure", "delivered", "p50", "p99", "note"], await WebhookBench.Run(baseUrl, () => CreateOrganization(http), webhookEndpoints));
    return;
}

// BENCH_ALERTS_ONLY=1 measures only the alert notification.
if (Environment.GetEnvironmentVariable("BENCH_ALERTS_ONLY") == "1")
{
    Print(["measure", "runs", "p50", "max", "note"], [await AlertBench.Run(http)]);
    return;
}

var rebuildEvents = int.Parse(Environment.GetEnvironmentVariable("BENCH_REBUILD_EVENTS") ?? "1000000");
// BENCH_REBUILD_ONLY=1 measures only the rebuild, from the events of a page of 50 components and 500 incidents.
if (Environment.GetEnvironmentVariable("BENCH_REBUILD_ONLY") == "1")
{
    await Growth.LargePage(http, 5, 50, 500);
    Print(["measure", "rate", "p50", "p99", "note"], await Rebuild.Run(rebuildEvents));
    return;
}

// BENCH_GROWTH_ONLY=1 measures only a large page, deep history and many organizations.
if (Environment.GetEnvironmentVariable("BENCH_GROWTH_ONLY") == "1")
{
    Print(["measure", "rate", "p50", "p99", "note"], await GrowthRows(http, secondNode, seconds));
    return;
}

var (fanOrg, fanSlug, fanKey) = await CreateOrganizationWithSlug(http);
// Public documents first, on a quiet system. BENCH_PUBLIC_ONLY=1 measures only these.
await SeedPage(http, fanOrg, fanSlug, fanKey);
rows.AddRange(await PublicDocument(baseUrl, $"/{fanSlug}/api/v2/summary.json", "summary.json", 70, seconds));
rows.AddRange(await PublicDocument(baseUrl, $"/{fanSlug}", "status page (HTML)", 60, seconds));
if (Environment.GetEnvironmentVariable("BENCH_PUBLIC_ONLY") != "1")
{
    var (orgId, key) = await CreateOrganization(http);
    // Latency first, on a quiet system: the throughput runs leave the live publisher a backlog to work through.
    var live = await CommandToBrowser(baseUrl, secondNode, orgId, key, liveSeconds, 100);
    var fanOutCount = int.Parse(Environment.GetEnvironmentVariable("BENCH_FANOUT") ?? "10000");
    var fanOut = await FanOutToHost(baseUrl, secondNode, fanOrg, fanSlug, fanKey, fanOutCount);
    var reference = await FanOutToBroadcaster(fanOutCount);
    var overloadAttempts = int.Parse(Environment.GetEnvironmentVariable("BENCH_OVERLOAD") ?? "20000");
    var overload = await Overload.Run(secondNode, fanSlug, fanOrg, fanKey, overloadAttempts);
    var incidents = await DeclareIncidents(http, orgId, key, 2048);
    // Unreported warm-up, so the figures are the steady state rather than the JIT's first minutes.
    IncidentUpdates(baseUrl, orgId, key, incidents, 16, 15);
    var idle = await CommandCost.Idle(int.Parse(Environment.GetEnvironmentVariable("BENCH_IDLE_SECONDS") ?? "30"));
    rows.Add(["idle nodes: CPU with nothing to do", $"{idle / 2 / 10:F2} % of a core per node", "", "", "target ≤ 1 %"]);
    rows.AddRange(await CommandCost.Run(baseUrl, orgId, key, incidents, int.Parse(Environment.GetEnvironmentVariable("BENCH_COMMANDS") ?? "1000"), idle));
    var first = rows.Count;
    foreach (var connections in new[] { 1, 16, 64 })
    {
        var result = IncidentUpdates(baseUrl, orgId, key, incidents, connections, seconds);
        rows.Add([$"incident updates over HTTP, {connections} conn", $"{result.Rate:F0}/s", $"{result.P50:F2} ms", $"{result.P99:F2} ms", result.Note]);
    }

    rows.Add([$"command on node A → SSE on node B, 100 cmd/s × {liveSeconds} s", $"{live.Count} msgs", $"{live.P50:F1} ms", $"{live.P99:F1} ms",
        $"max {live.Max:F1} ms; target p50 ≤ 50, p99 ≤ 250"]);
    rows.Add([$"one status change → {fanOutCount} SSE clients on node B", $"{fanOut.Received} got it", $"{fanOut.P50:F0} ms", $"max {fanOut.Max:F0} ms",
        $"{fanOut.KbPerConnection:F1} KB/conn; target p50 ≤ 250, max ≤ 500, ≤ 30 KB"]);
    rows.Add([$"bare ASP.NET Core broadcaster, {fanOutCount} SSE clients (reference)", $"{reference.Received} got it", $"{reference.P50:F0} ms",
        $"max {reference.Max:F0} ms", $"{reference.KbPerConnection:F1} KB/conn; ratio p50 {fanOut.P50 / reference.P50:F2}×, max {fanOut.Max / reference.Max:F2}×"]);
    rows.Add([$"{overloadAttempts} live clients at once on node B (cap {Environment.GetEnvironmentVariable("Live__MaxConnections")})",
        $"{overload.Streams} streams", $"{overload.ApiP50:F1} ms", $"{overload.ApiP99:F1} ms",
        $"503 + Retry-After: {overload.Refused}, other: {overload.Other}, failed: {overload.Failed}; API meanwhile {overload.ApiOk}/200 ok (p50/p99 are the API's)"]);
    rows.AddRange(await WebhookBench.Run(baseUrl, () => CreateOrganization(http), webhookEndpoints));
    rows.Add(await AlertBench.Run(http));
    var pgbench = PgbenchInsert(32, seconds);
    rows.Add(["pgbench single-row insert, 32 clients (reference)", $"{pgbench:F0} tps", "", "", "durable (fsync on)"]);
    var at16 = double.Parse(rows[first + 1][1].TrimEnd('/', 's'), CultureInfo.InvariantCulture);
    rows.Add(["ratio: updates/s at 16 conn ÷ pgbench inserts/s", $"{at16 / pgbench:P1}", "", "", "target ≥ 2,000/s, p99 ≤ 30 ms at 16 conn"]);
    if (Environment.GetEnvironmentVariable("BENCH_GROWTH") != "0") rows.AddRange(await GrowthRows(http, secondNode, seconds));
    rows.AddRange(await Rebuild.Run(rebuildEvents));
}

Print(["measure", "rate", "p50", "p99", "note"], rows);

// BENCH_GROWTH_COMPONENTS (500) in 20 groups with BENCH_GROWTH_INCIDENTS (5,000) resolved incidents on one page; then
// BENCH_ORGS (10,000) organizations read once each on node B.
static async Task<List<string[]>> GrowthRows(HttpClient http, string secondNode, int seconds)
{
    var componentCount = int.Parse(Environment.GetEnvironmentVariable("BENCH_GROWTH_COMPONENTS") ?? "500");
    var incidentCount = int.Parse(Environment.GetEnvironmentVariable("BENCH_GROWTH_INCIDENTS") ?? "5000");
    var (orgId, slug, key, took) = await Growth.LargePage(http, 20, componentCount, incidentCount);
    var rows = new List<string[]>
    {
        new[] { $"large page: {componentCount} components in 20 groups, {incidentCount} resolved incidents", "", "", "", $"built through the API in {took.TotalSeconds:F0} s" }
    };
    rows.AddRange(await PublicDocument(http.BaseAddress!.ToString().TrimEnd('/'), $"/{slug}/api/v2/summary.json", "large summary.json", 70, seconds));
    rows.AddRange(await PublicDocument(http.BaseAddress!.ToString().TrimEnd('/'), $"/{slug}", "large status page (HTML)", 70, seconds));
    rows.Add(["large status page, first answer after a change (median of 5)", "", $"{await Growth.ColdRender(http, orgId, slug, key, $"/{slug}"):F1} ms", "", "target ≤ 50 ms"]);
    rows.Add(["large summary.json, first answer after a change (median of 5)", "", $"{await Growth.ColdRender(http, orgId, slug, key, $"/{slug}/api/v2/summary.json"):F1} ms", "", ""]);
    rows.Add([$"history pages 50–54 of {incidentCount / 25}, each asked once (median)", "", $"{await Growth.DeepHistory(http, slug, 50):F1} ms", "", "target ≤ 50 ms"]);
    var organizations = int.Parse(Environment.GetEnvironmentVariable("BENCH_ORGS") ?? "10000");
    var many = await Growth.ManyOrganizations(http, new Uri(secondNode), int.Parse(Environment.GetEnvironmentVariable("BENCH_NODE_B_PID")!), organizations);
    rows.Add([$"{organizations} organizations, page and summary.json each read once on node B", $"{many.HeapKb:F1} KB/org", "", "",
        $"live heap per organization (resident: {many.ResidentKb:F1} KB/org); created and read in {many.Took.TotalSeconds:F0} s"]);
    return rows;
}

// A page worth reading: two groups of components, an open incident with updates, upcoming maintenance.
static async Task SeedPage(HttpClient http, string orgId, string slug, string key)
{
    using var client = new HttpClient { BaseAddress = http.BaseAddress };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    async Task<string> Post(string path, object body) =>
        JsonNode.Parse(await (await client.PostAsJsonAsync($"/api/orgs/{orgId}{path}", body)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!
            .GetValue<string>();
    var components = new List<string>();
    foreach (var group in new[] { "Platform", "Regions" })
    {
        var groupId = await Post("/groups", new { name = group });
        for (var i = 0; i < 5; i++) components.Add(await Post("/components", new { name = $"{group} service {i}", groupId, description = "Serves requests." }));
    }

    var incident = await Post("/incidents", new
    {
        name = "Elevated error rates", impact = "minor", status = "investigating", message = "We are looking into elevated error rates.",
        components = new Dictionary<string, string> { [components[0]] = "degraded_performance" }
    });
    await Post($"/incidents/{incident}/updates", new { status = "identified", message = "A bad deploy; rolling back." });
    var from = DateTimeOffset.UtcNow.AddDays(2);
    await Post("/maintenances", new
    {
        name = "Database upgrade", message = "Expect a short read-only period.", components = components.Take(2), scheduledFor = from,
        scheduledUntil = from.AddHours(2), autoStart = false, autoComplete = false
    });
    // The page view is kept by the daemon: wait until the public document shows what was seeded.
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (!(await http.GetStringAsync($"/{slug}/api/v2/summary.json")).Contains("Database upgrade"))
    {
        if (DateTime.UtcNow > deadline) throw new InvalidOperationException("The seeded page did not appear in summary.json.");
        await Task.Delay(100);
    }
}

// A public document on node A against the bare reference serving as many bytes (gzip bodies, as browsers ask),
// at 64 connections.
static async Task<string[][]> PublicDocument(string baseUrl, string path, string label, int targetPercent, int seconds)
{
    using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Accept-Encoding", "gzip" } } };
    var size = (await (await client.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync()).Length;
    var bare = $"http://127.0.0.1:{Environment.GetEnvironmentVariable("BROADCASTER_PORT")}/fixed/{size}";
    Wrk(baseUrl + path, 64, 5);
    Wrk(bare, 64, 5);
    var ours = Wrk(baseUrl + path, 64, seconds);
    var reference = Wrk(bare, 64, seconds);
    return
    [
        [$"{label} on node A, gzip, 64 conn", $"{ours.Rate:F0}/s", $"{ours.P50:F2} ms", $"{ours.P99:F2} ms", $"{size} B; {ours.Note}; target ≥ {targetPercent}% of bare, p99 ≤ 10 ms"],
        [$"bare ASP.NET Core, fixed {size} B, 64 conn (reference)", $"{reference.Rate:F0}/s", $"{reference.P50:F2} ms", $"{reference.P99:F2} ms",
            $"ratio {ours.Rate / reference.Rate:P0}"]
    ];
}

static (double Rate, double P50, double P99, string Note) Wrk(string url, int connections, int seconds) =>
    WrkFigures(Run("wrk", $"-t2 -c{connections} -d{seconds}s --latency -H \"Accept-Encoding: gzip\" {url}"));

// Each command sets a status on node A; its 2xx time is kept by the component version it answers, and the SSE
// message carrying that version on node B closes the measurement.
static async Task<(int Count, double P50, double P99, double Max)> CommandToBrowser(
    string nodeA, string nodeB, string orgId, string key, int seconds, int perSecond)
{
    using var a = new HttpClient { BaseAddress = new Uri(nodeA) };
    a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    using var b = new HttpClient { BaseAddress = new Uri(nodeB), Timeout = Timeout.InfiniteTimeSpan };
    b.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    var component = JsonNode.Parse(await (await a.PostAsJsonAsync($"/api/orgs/{orgId}/components", new { name = "Latency probe" }))
        .EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>();

    var answered = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
    var arrived = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
    using var stop = new CancellationTokenSource();
    var stream = await b.GetStreamAsync($"/api/orgs/{orgId}/stream");
    var reader = Task.Run(async () =>
    {
        using var lines = new StreamReader(stream);
        try
        {
            while (await lines.ReadLineAsync(stop.Token) is { } line)
            {
                if (!line.StartsWith("data: {\"id\":\"" + component)) continue;
                var now = Stopwatch.GetTimestamp();
                arrived.TryAdd(JsonNode.Parse(line[6..])!["version"]!.GetValue<long>(), now);
            }
        }
        catch (OperationCanceledException) { }
    });

    using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
    var end = DateTime.UtcNow.AddSeconds(seconds);
    for (var i = 0; DateTime.UtcNow < end && await pace.WaitForNextTickAsync(); i++)
    {
        var response = await a.PatchAsJsonAsync($"/api/orgs/{orgId}/components/{component}",
            new { status = i % 2 == 0 ? "degraded_performance" : "operational" });
        var at = Stopwatch.GetTimestamp();
        answered[JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["version"]!.GetValue<long>()] = at;
    }

    var deadline = DateTime.UtcNow.AddSeconds(10);
    while (answered.Keys.Any(v => !arrived.ContainsKey(v)) && DateTime.UtcNow < deadline) await Task.Delay(50);
    stop.Cancel();
    var latencies = answered.Where(x => arrived.ContainsKey(x.Key))
        .Select(x => Math.Max(0, Stopwatch.GetElapsedTime(x.Value, arrived[x.Key]).TotalMilliseconds)).Order().ToList();
    double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(p * latencies.Count) - 1)];
    return (latencies.Count, Percentile(0.5), Percentile(0.99), latencies[^1]);
}

static async Task<(string OrgId, string Slug, string Key)> CreateOrganizationWithSlug(HttpClient http)
{
    var slug = "fanout-" + Guid.NewGuid().ToString("N")[..8];
    var (id, key) = await Growth.Admin(http, "Fan-out", slug);
    return (id, slug, key);
}

static async Task<FanOutResult> FanOutToHost(string nodeA, string nodeB, string orgId, string slug, string key, int count)
{
    using var a = new HttpClient { BaseAddress = new Uri(nodeA) };
    a.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    var marker = "probe-" + Guid.NewGuid().ToString("N")[..8];
    var component = JsonNode.Parse(await (await a.PostAsJsonAsync($"/api/orgs/{orgId}/components", new { name = marker }))
        .EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    return await FanOut(new Uri(nodeB), $"/{slug}/stream", count, int.Parse(Environment.GetEnvironmentVariable("BENCH_NODE_B_PID")!),
        "\"status\":\"major_outage\"", async () =>
            (await a.PatchAsJsonAsync($"/api/orgs/{orgId}/components/{component}", new { status = "major_outage" })).EnsureSuccessStatusCode());
}

static async Task<FanOutResult> FanOutToBroadcaster(int count)
{
    var url = new Uri($"http://127.0.0.1:{Environment.GetEnvironmentVariable("BROADCASTER_PORT")}");
    using var client = new HttpClient { BaseAddress = url };
    var marker = "probe-" + Guid.NewGuid().ToString("N")[..8];
    return await FanOut(url, "/stream", count, int.Parse(Environment.GetEnvironmentVariable("BENCH_BROADCASTER_PID")!), marker,
        async () => (await client.PostAsync($"/broadcast?data={marker}", null)).EnsureSuccessStatusCode());
}

// Opens the connections over raw sockets (an HttpClient each would cost the load generator more than the
// server), waits until every one is being served, then times the arrival of one message at all of them
// from the 2xx of the request that caused it. Server memory is its resident set before and after.
static async Task<FanOutResult> FanOut(Uri server, string path, int count, int serverPid, string marker, Func<Task> trigger)
{
    var request = System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n\r\n");
    var before = Growth.Resident(serverPid);
    var sockets = new System.Net.Sockets.Socket[count];
    for (var start = 0; start < count; start += 250)
    {
        await Task.WhenAll(Enumerable.Range(start, Math.Min(250, count - start)).Select(async i =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(server.Host, server.Port);
            await socket.SendAsync(request);
            await ReadUntil(socket, "retry:");
            sockets[i] = socket;
        }));
    }

    var after = Growth.Resident(serverPid);
    var arrivals = sockets.Select(socket => Task.Run(async () => { await ReadUntil(socket, marker); return Stopwatch.GetTimestamp(); })).ToArray();
    await trigger();
    var answered = Stopwatch.GetTimestamp();
    var all = Task.WhenAll(arrivals);
    await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30)));
    var latencies = arrivals.Where(t => t.IsCompletedSuccessfully)
        .Select(t => Math.Max(0, Stopwatch.GetElapsedTime(answered, t.Result).TotalMilliseconds)).Order().ToList();
    foreach (var socket in sockets) socket.Dispose();
    return new FanOutResult(latencies.Count, latencies.Count == 0 ? double.NaN : latencies[latencies.Count / 2],
        latencies.Count == 0 ? double.NaN : latencies[^1], (after - before) / (double)count);
}

static async Task ReadUntil(System.Net.Sockets.Socket socket, string text)
{
    var buffer = new byte[4096];
    var seen = new System.Text.StringBuilder();
    while (!seen.ToString().Contains(text))
    {
        var read = await socket.ReceiveAsync(buffer);
        if (read == 0) throw new InvalidOperationException($"The server closed a live connection after: {seen}");
        seen.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        if (seen.Length > 8192) seen.Remove(0, seen.Length - 1024);
    }
}


static async Task WaitForHealth(HttpClient http)
{
    for (var i = 0; i < 120; i++)
    {
        try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
        await Task.Delay(500);
    }
    throw new InvalidOperationException("The host did not become healthy.");
}

static Task<(string Id, string Key)> CreateOrganization(HttpClient http) =>
    Growth.Admin(http, "Bench", "bench-" + Guid.NewGuid().ToString("N")[..8]);

static async Task<List<string>> DeclareIncidents(HttpClient http, string orgId, string key, int count)
{
    var ids = new List<string>();
    using var client = new HttpClient { BaseAddress = http.BaseAddress };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    for (var batch = 0; batch < count; batch += 32)
    {
        var declared = await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            var response = await client.PostAsJsonAsync($"/api/orgs/{orgId}/incidents",
                new { name = $"Bench incident {batch + i}", impact = "minor", status = "investigating", message = "Investigating." });
            return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        }));
        ids.AddRange(declared);
    }
    return ids;
}

// wrk runs two threads; each walks its own half of the incidents round-robin, so concurrent requests never
// target the same stream and every answer should be a 200 (conflicts would be counted in the note).
static (double Rate, double P50, double P99, string Note) IncidentUpdates(
    string baseUrl, string orgId, string key, List<string> incidents, int connections, int seconds)
{
    var script = Path.Combine(Path.GetTempPath(), $"statuspage-updates-{connections}.lua");
    File.WriteAllText(script, $$"""
        local ids = { {{string.Join(",", incidents.Select(i => $"\"{i}\""))}} }
        local threads = {}
        local counter = 0
        local half = #ids / 2
        function setup(thread) thread:set("offset", #threads * half); table.insert(threads, thread) end
        function request()
          counter = counter + 1
          local id = ids[offset + (counter % half) + 1]
          local status = (counter % 2 == 0) and "identified" or "monitoring"
          local body = '{"status":"' .. status .. '","message":"Update ' .. counter .. ': we are applying a fix and watching error rates closely."}'
          return wrk.format("POST", "/api/orgs/{{orgId}}/incidents/" .. id .. "/updates",
            { ["Authorization"] = "Bearer {{key}}", ["Content-Type"] = "application/json" }, body)
        end
        """);
    return WrkFigures(Run("wrk", $"-t{Math.Min(2, connections)} -c{connections} -d{seconds}s --latency -s {script} {baseUrl}"));
}

static (double Rate, double P50, double P99, string Note) WrkFigures(string output)
{
    double Ms(string label)
    {
        var m = Regex.Match(output, $@"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }
    var rate = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    var errors = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } e ? e.Groups[1].Value : "0";
    return (rate, Ms("50"), Ms("99"), $"non-2xx: {errors}");
}

static double PgbenchInsert(int clients, int seconds)
{
    var port = Environment.GetEnvironmentVariable("BENCH_PG_PORT");
    var bin = Environment.GetEnvironmentVariable("BENCH_PG_BIN");
    var script = Path.Combine(Path.GetTempPath(), "statuspage-insert.sql");
    File.WriteAllText(script, "INSERT INTO bench_insert (payload) VALUES ('incident update payload of a typical size, about one hundred bytes long, for comparison');\n");
    Run($"{bin}/psql", $"-h 127.0.0.1 -p {port} -U postgres -q -c \"DROP TABLE IF EXISTS bench_insert; CREATE TABLE bench_insert (id bigserial primary key, payload text)\"");
    var output = Run($"{bin}/pgbench", $"-h 127.0.0.1 -p {port} -U postgres -n -c {clients} -j 2 -T {seconds} -f {script} postgres");
    return double.Parse(Regex.Match(output, @"tps = ([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
}

static string Run(string file, string arguments) => ChildProcess.Run(new ProcessStartInfo(file, arguments));

static void Print(string[] header, List<string[]> rows)
{
    var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
    string Line(string[] cells) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |";
    Console.WriteLine(Line(header));
    Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
    foreach (var row in rows) Console.WriteLine(Line(row));
}

internal sealed record FanOutResult(int Received, double P50, double Max, double KbPerConnection);
