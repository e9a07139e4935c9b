using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// What an anonymous reader costs a node: resuming the public stream over thousands of missed changes, and asking
/// for thousands of distinct history pages. Loopback only; every loop is bounded.
/// </summary>
public static class ResumeBench
{
    public static async Task Run(string node, int hostPid, int changes, int historyPages)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(node) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("ADMIN_TOKEN"));
        var slug = "resume-" + Guid.NewGuid().ToString("N")[..8];
        var org = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Resume", slug })).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        using var owner = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromMinutes(2) };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org["apiKey"]!.GetValue<string>());
        var api = $"/api/orgs/{org["id"]!.GetValue<string>()}";

        // One incident whose timeline grows with every update, and components changed in parallel, one writer each.
        var incidentUpdates = changes / 10;
        var components = new List<string>();
        for (var i = 0; i < 8; i++)
            components.Add((await Json(await owner.PostAsJsonAsync($"{api}/components", new { name = $"Component {i}" })))["id"]!.GetValue<string>());
        var incident = (await Json(await owner.PostAsJsonAsync($"{api}/incidents", new
        {
            name = "Long incident", status = "investigating", impact = "minor", message = "Looking.", components = new Dictionary<string, string>()
        })))["id"]!.GetValue<string>();
        var perComponent = (changes - incidentUpdates) / components.Count;
        var watch = Stopwatch.StartNew();
        var writers = components.Select(async component =>
        {
            for (var i = 0; i < perComponent; i++)
                (await owner.PatchAsJsonAsync($"{api}/components/{component}", new { description = $"change {i}" })).EnsureSuccessStatusCode();
        }).Append(Task.Run(async () =>
        {
            for (var i = 0; i < incidentUpdates; i++)
                (await owner.PostAsJsonAsync($"{api}/incidents/{incident}/updates", new { status = i % 2 == 0 ? "identified" : "monitoring", message = $"Update {i}." }))
                    .EnsureSuccessStatusCode();
        }));
        await Task.WhenAll(writers);
        Console.WriteLine($"  made {perComponent * components.Count + incidentUpdates + components.Count + 1} changes in {watch.Elapsed.TotalSeconds:F0} s");

        // The publisher has caught up once a change made now reaches a live client.
        var marker = await Marker(node, owner, api, components[0]);
        var within = marker - int.Parse(Environment.GetEnvironmentVariable("BENCH_RESUME_BACK") ?? "100");

        Console.WriteLine("| resume of the public stream | answer | time to answer (median of 5) | host CPU (median of 5) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (what, lastEventId) in new[] { ("from the first event", 0L), ("within the replay limit", within) })
        {
            var runs = new List<(double Ms, double Cpu, string Answer)>();
            for (var run = 0; run < 5; run++) runs.Add(await Resume(node, slug, lastEventId, hostPid));
            var median = runs.OrderBy(r => r.Ms).ElementAt(2);
            var cpu = runs.Select(r => r.Cpu).Order().ElementAt(2);
            Console.WriteLine($"| {what} (Last-Event-ID {lastEventId}) | {median.Answer} | {median.Ms:F0} ms | {cpu * 1000:F0} ms |");
        }

        using var reader = new HttpClient { BaseAddress = new Uri(node) };
        GC.KeepAlive(await reader.GetStringAsync($"/{slug}/history"));
        var before = Memory(hostPid);
        var statuses = new Dictionary<int, int>();
        var pages = Enumerable.Range(1, historyPages).ToList();
        watch.Restart();
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (page, token) =>
        {
            using var response = await reader.GetAsync($"/{slug}/history/{page}", token);
            lock (statuses) statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
        });
        var after = Memory(hostPid);
        Console.WriteLine($"  {historyPages} distinct history pages in {watch.Elapsed.TotalSeconds:F1} s, answered {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} ×{s.Value}"))}");
        Console.WriteLine($"  host resident memory: {before / 1024:F0} MiB before, {after / 1024:F0} MiB after");
    }

    /// <summary>The id of a change made now, once a live client has it.</summary>
    private static async Task<long> Marker(string node, HttpClient owner, string api, string component)
    {
        using var client = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = owner.DefaultRequestHeaders.Authorization;
        using var response = await client.GetAsync($"{api}/stream", HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await owner.PatchAsJsonAsync($"{api}/components/{component}", new { description = "marker" })).EnsureSuccessStatusCode();
        string? id = null;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await lines.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("id: ")) id = line[4..];
            if (line.Contains("\"marker\"")) return long.Parse(id!);
        }

        throw new InvalidOperationException("The marker change never arrived.");
    }

    /// <summary>Time until the node has answered the resume (a reload event, or the replay and the comment after it), and its CPU meanwhile.</summary>
    private static async Task<(double Ms, double Cpu, string Answer)> Resume(string node, string slug, long lastEventId, int hostPid)
    {
        using var client = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromMinutes(2) };
        var request = new HttpRequestMessage(HttpMethod.Get, $"/{slug}/stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId.ToString());
        var cpu = MonitorBench.CpuSeconds(hostPid);
        var watch = Stopwatch.StartNew();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());
        var replayed = 0;
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await lines.ReadLineAsync(patience.Token) is { } line)
        {
            if (line == "event: reload") return (watch.Elapsed.TotalMilliseconds, MonitorBench.CpuSeconds(hostPid) - cpu, "reload");
            if (line.StartsWith("id: ")) replayed++;
            if (line.StartsWith(": replayed")) return (watch.Elapsed.TotalMilliseconds, MonitorBench.CpuSeconds(hostPid) - cpu, $"{replayed} replayed");
        }

        throw new InvalidOperationException("The stream ended before answering the resume.");
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;

    /// <summary>Resident set size in KiB, from /proc.</summary>
    private static double Memory(int pid) =>
        double.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
