using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// What stays flat as an organization's page and history grow, and as organizations multiply: a large page built
/// through the API, its cold renders, a deep history page, and the memory one more organization's public documents
/// cost a node.
/// </summary>
public static class Growth
{
    public static async Task<(string OrgId, string Slug, string Key, TimeSpan Took)> LargePage(
        HttpClient http, int groups, int components, int incidents)
    {
        var slug = "large-" + Guid.NewGuid().ToString("N")[..8];
        var org = await Admin(http, "Large", slug);
        using var client = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.Key);
        var api = $"/api/orgs/{org.Id}";
        var watch = Stopwatch.StartNew();
        var groupIds = await Parallel(groups, async i => await Id(client.PostAsJsonAsync($"{api}/groups", new { name = $"Group {i}" })));
        var componentIds = await Parallel(components, async i => await Id(client.PostAsJsonAsync($"{api}/components",
            new { name = $"Service {i}", groupId = groupIds[i % groups], description = "Serves requests." })));
        await Parallel(incidents, async i =>
        {
            var affected = componentIds[i % components];
            var incident = await Id(client.PostAsJsonAsync($"{api}/incidents", new
            {
                name = $"Incident {i}", impact = "minor", status = "investigating", message = "We are looking into elevated error rates.",
                components = new Dictionary<string, string> { [affected] = "partial_outage" }
            }));
            (await client.PostAsJsonAsync($"{api}/incidents/{incident}/updates", new
            {
                status = "resolved", message = "Fixed.", components = new Dictionary<string, string> { [affected] = "operational" }
            })).EnsureSuccessStatusCode();
            return incident;
        });
        await CommandCost.Drained();
        return (org.Id, slug, org.Key, watch.Elapsed);
    }

    /// <summary>
    /// The first answer after a change has reached the node (its remembered document dropped), median of five: what
    /// a reader waits for when a page must be rendered afresh.
    /// </summary>
    public static async Task<double> ColdRender(HttpClient http, string orgId, string slug, string key, string path)
    {
        using var owner = new HttpClient { BaseAddress = http.BaseAddress };
        owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var component = await Id(owner.PostAsJsonAsync($"/api/orgs/{orgId}/components", new { name = "Cold probe" }));
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            (await owner.PatchAsJsonAsync($"/api/orgs/{orgId}/components/{component}", new { description = $"Change {i}" })).EnsureSuccessStatusCode();
            await CommandCost.Drained();
            await Eventually(async () => (await http.GetStringAsync($"/{slug}/api/v2/components.json")).Contains($"Change {i}"));
            times.Add(await Time(http, path));
        }
        return times.Order().ElementAt(2);
    }

    /// <summary>Distinct history pages from <paramref name="first"/> on, each asked once: every one rendered afresh.</summary>
    public static async Task<double> DeepHistory(HttpClient http, string slug, int first)
    {
        var times = new List<double>();
        for (var page = first; page < first + 5; page++) times.Add(await Time(http, $"/{slug}/history/{page}"));
        return times.Order().ElementAt(2);
    }

    /// <summary>
    /// Live managed memory per organization (heap after a full collection, which dotnet-gcdump forces) and resident
    /// memory per organization, once each of <paramref name="count"/> organizations has had its page and
    /// summary.json asked for on <paramref name="nodePid"/>'s node: its page directory entry and remembered documents.
    /// </summary>
    public static async Task<(double HeapKb, double ResidentKb, TimeSpan Took)> ManyOrganizations(HttpClient http, Uri node, int nodePid, int count)
    {
        var watch = Stopwatch.StartNew();
        var slugs = await Parallel(count, async i =>
        {
            var slug = $"many-{i}-{Guid.NewGuid().ToString("N")[..6]}";
            await Admin(http, $"Organization {i}", slug);
            return slug;
        });
        await CommandCost.Drained();
        using var reader = new HttpClient { BaseAddress = node };
        await Parallel(Math.Min(count, 100), async i => (await reader.GetAsync($"/{slugs[i]}")).EnsureSuccessStatusCode());
        var (heap, resident) = (LiveHeap(nodePid), Resident(nodePid));
        await Parallel(count, async i =>
        {
            (await reader.GetAsync($"/{slugs[i]}")).EnsureSuccessStatusCode();
            (await reader.GetAsync($"/{slugs[i]}/api/v2/summary.json")).EnsureSuccessStatusCode();
            return i;
        });
        return ((LiveHeap(nodePid) - heap) / 1024.0 / count, (Resident(nodePid) - resident) / (double)count, watch.Elapsed);
    }

    private static long LiveHeap(int pid)
    {
        var dump = Path.Combine(Path.GetTempPath(), $"statuspage-bench-{pid}.gcdump");
        ChildProcess.Run(new ProcessStartInfo(".tools/dotnet-gcdump", $"collect -p {pid} -o {dump}"));
        var report = ChildProcess.Run(new ProcessStartInfo(".tools/dotnet-gcdump", $"report {dump}"));
        File.Delete(dump);
        return long.Parse(System.Text.RegularExpressions.Regex.Match(report, @"([\d,]+)\s+GC Heap bytes").Groups[1].Value.Replace(",", ""));
    }

    private static async Task<double> Time(HttpClient http, string path)
    {
        var started = Stopwatch.GetTimestamp();
        (await http.GetAsync(path)).EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The change did not reach the node's public documents.");
            await Task.Delay(20);
        }
    }

    public static long Resident(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    /// <summary>Sixteen at a time, in order of index.</summary>
    private static async Task<List<T>> Parallel<T>(int count, Func<int, Task<T>> make)
    {
        var made = new T[count];
        await System.Threading.Tasks.Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => made[i] = await make(i));
        return [.. made];
    }

    /// <summary>A new organization made with the admin token: its id and its owner's API key.</summary>
    public static async Task<(string Id, string Key)> Admin(HttpClient http, string name, string slug)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orgs") { Content = JsonContent.Create(new { name, slug }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("ADMIN_TOKEN"));
        var body = JsonNode.Parse(await (await http.SendAsync(request)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        return (body["id"]!.GetValue<string>(), body["apiKey"]!.GetValue<string>());
    }

    private static async Task<string> Id(Task<HttpResponseMessage> response) =>
        JsonNode.Parse(await (await response).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
}
