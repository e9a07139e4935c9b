using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

/// <summary>
/// Many HTTP monitors on one node against a local target: how late each check starts (its actual minus its planned
/// start, as the check log records them) and how much of one core the host spends meanwhile.
/// </summary>
public static class MonitorBench
{
    public static async Task Run(string node, int hostPid, int monitors, int intervalSeconds, int seconds)
    {
        using var target = new HttpListener();
        var port = FreePort();
        target.Prefixes.Add($"http://127.0.0.1:{port}/");
        target.Start();
        _ = Task.Run(async () =>
        {
            while (target.IsListening)
            {
                var context = await target.GetContextAsync();
                context.Response.StatusCode = 200;
                await context.Response.OutputStream.WriteAsync("ok"u8.ToArray());
                context.Response.Close();
            }
        });

        using var http = new HttpClient { BaseAddress = new Uri(node), Timeout = TimeSpan.FromSeconds(60) };
        while (true)
        {
            try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
            await Task.Delay(200);
        }

        var admin = new HttpRequestMessage(HttpMethod.Post, "/api/orgs")
            { Content = JsonContent.Create(new { name = "Monitor bench", slug = "mon-" + Guid.NewGuid().ToString("N")[..8] }) };
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("ADMIN_TOKEN"));
        var org = JsonNode.Parse(await (await http.SendAsync(admin)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org["apiKey"]!.GetValue<string>());
        var api = $"/api/orgs/{org["id"]!.GetValue<string>()}";
        var components = new List<string>();
        for (var i = 0; i < 10; i++)
            components.Add(JsonNode.Parse(await (await http.PostAsJsonAsync($"{api}/components", new { name = $"Service {i}" }))
                .EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>());

        // Attached over one interval, so the checks spread over it as real monitors created over time would.
        var ids = new List<string>();
        var spacing = TimeSpan.FromSeconds(intervalSeconds) / monitors;
        var attaching = Stopwatch.StartNew();
        for (var i = 0; i < monitors; i++)
        {
            var due = spacing * i - attaching.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            ids.Add(JsonNode.Parse(await (await http.PostAsJsonAsync($"{api}/components/{components[i % components.Count]}/monitors",
                    new { type = "http", url = $"http://127.0.0.1:{port}/ok", intervalSeconds, timeoutSeconds = 5 }))
                .EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        await Task.Delay(TimeSpan.FromSeconds(2 * intervalSeconds));
        var from = DateTimeOffset.UtcNow;
        var cpuBefore = CpuSeconds(hostPid);
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var cpu = (CpuSeconds(hostPid) - cpuBefore) / seconds;
        var to = DateTimeOffset.UtcNow;

        var lags = new List<double>();
        foreach (var id in ids)
        {
            var checks = JsonNode.Parse(await http.GetStringAsync(
                $"{api}/monitors/{id}/checks?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}"))!["checks"]!.AsArray();
            lags.AddRange(checks.Select(c => (c!["checkedAt"]!.GetValue<DateTimeOffset>() - c["plannedAt"]!.GetValue<DateTimeOffset>()).TotalMilliseconds));
        }

        lags.Sort();
        double Percentile(double p) => lags[(int)Math.Min(lags.Count - 1, Math.Ceiling(p * lags.Count) - 1)];
        var expected = monitors * seconds / intervalSeconds;
        Console.WriteLine($"{monitors} HTTP monitors every {intervalSeconds} s on one node, measured {seconds} s:");
        Console.WriteLine($"  checks run: {lags.Count} (planned ≈ {expected})");
        Console.WriteLine($"  scheduling lag: p50 {Percentile(0.5):F0} ms, p99 {Percentile(0.99):F0} ms, max {lags[^1]:F0} ms (target p99 ≤ 1000 ms)");
        Console.WriteLine($"  host CPU: {cpu:P0} of one core (target ≤ 50%)");
        target.Stop();
    }

    /// <summary>User plus system CPU time of a process so far, from /proc (Linux clock ticks are 1/100 s).</summary>
    internal static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
