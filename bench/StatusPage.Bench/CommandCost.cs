using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

/// <summary>
/// What one command costs the nodes in CPU, the asynchronous work it causes included: both nodes' process CPU from
/// before the first command until the daemon and the durable inbox have nothing left to do, less what the nodes
/// spend idle over as long. Commands go one at a time, so the figure is the work, not the queueing.
/// </summary>
public static class CommandCost
{
    // /proc counts CPU in USER_HZ, which Linux fixes at 100 a second.
    private static readonly double TickMs = 1000.0 / 100;

    public static int[] NodePids() =>
        [int.Parse(Environment.GetEnvironmentVariable("BENCH_NODE_A_PID")!), int.Parse(Environment.GetEnvironmentVariable("BENCH_NODE_B_PID")!)];

    /// <summary>CPU milliseconds a second both nodes together spend with nothing to do.</summary>
    public static async Task<double> Idle(int seconds)
    {
        await Drained();
        var before = Cpu();
        var watch = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return (Cpu() - before) / watch.Elapsed.TotalSeconds;
    }

    public static async Task<string[][]> Run(string baseUrl, string orgId, string key, List<string> incidents, int commands, double idlePerSecond)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var components = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            var created = await client.PostAsJsonAsync($"/api/orgs/{orgId}/components", new { name = $"Cost probe {i}" });
            components.Add(JsonNode.Parse(await created.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        var update = await Measure(commands, idlePerSecond, i => client.PostAsJsonAsync($"/api/orgs/{orgId}/incidents/{incidents[i % incidents.Count]}/updates",
            new { status = i % 2 == 0 ? "identified" : "monitoring", message = $"Update {i}: we are applying a fix and watching error rates closely." }));
        var status = await Measure(commands, idlePerSecond, i => client.PatchAsJsonAsync($"/api/orgs/{orgId}/components/{components[i % components.Count]}",
            new { status = i / components.Count % 2 == 0 ? "degraded_performance" : "operational" }));
        return
        [
            [$"CPU per incident update, {commands} one at a time, both nodes", $"{update.CpuMs:F2} ms", $"{update.P50:F2} ms", $"{update.P99:F2} ms",
                $"follow-up done {update.DrainSeconds:F1} s after the last answer; target ≤ 0.5 ms"],
            [$"CPU per component status change, {commands} one at a time, both nodes", $"{status.CpuMs:F2} ms", $"{status.P50:F2} ms", $"{status.P99:F2} ms",
                $"follow-up done {status.DrainSeconds:F1} s after the last answer; target ≤ 0.5 ms"]
        ];
    }

    private static async Task<(double CpuMs, double P50, double P99, double DrainSeconds)> Measure(
        int commands, double idlePerSecond, Func<int, Task<HttpResponseMessage>> command)
    {
        await Drained();
        var before = Cpu();
        var watch = Stopwatch.StartNew();
        var latencies = new List<double>();
        for (var i = 0; i < commands; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            (await command(i)).EnsureSuccessStatusCode();
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        var answered = watch.Elapsed;
        await Drained();
        var spent = Cpu() - before - idlePerSecond * watch.Elapsed.TotalSeconds;
        latencies.Sort();
        return (spent / commands, latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)], (watch.Elapsed - answered).TotalSeconds);
    }

    private static double Cpu() => NodePids().Sum(pid => CpuMs(pid));

    /// <summary>CPU milliseconds the process has spent, with <paramref name="endedChildren"/> also those of its children that have ended.</summary>
    public static double CpuMs(int pid, bool endedChildren = false)
    {
        var fields = Stat(pid);
        return (long.Parse(fields[11]) + long.Parse(fields[12]) + (endedChildren ? long.Parse(fields[13]) + long.Parse(fields[14]) : 0)) * TickMs;
    }

    /// <summary>The fields of /proc/{pid}/stat after the command name, from the state on: [1] is the parent's pid.</summary>
    public static string[] Stat(int pid) =>
        File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Every projection and subscription has reached the last event, and no message waits in the durable inbox or
    /// outbox. Looked up in PostgreSQL, which costs the nodes nothing.
    /// </summary>
    public static async Task Drained()
    {
        await using var database = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("BENCH_PG_PORT")};Username=postgres;Database=postgres");
        await database.OpenAsync();
        await using var pending = new NpgsqlCommand("""
            select (select coalesce(max(seq_id), 0) from statuspage.mt_events)
                 > (select coalesce(min(last_seq_id), 0) from statuspage.mt_event_progression where name not like 'HighWater%')
              or exists (select 1 from statuspage.wolverine_incoming_envelopes where status = 'Incoming')
              or exists (select 1 from statuspage.wolverine_outgoing_envelopes)
            """, database);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((bool)(await pending.ExecuteScalarAsync())!)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The nodes' asynchronous work did not finish within 2 minutes: {await Pending(database)}");
            await Task.Delay(100);
        }
    }

    private static async Task<string> Pending(NpgsqlConnection database)
    {
        await using var what = new NpgsqlCommand("""
            select (select string_agg(name || ' ' || last_seq_id, ', ') from statuspage.mt_event_progression)
                || '; last event ' || (select coalesce(max(seq_id), 0) from statuspage.mt_events)
                || '; waiting in the inbox: ' || coalesce((select string_agg(message_type, ', ') from statuspage.wolverine_incoming_envelopes where status = 'Incoming'), 'none')
                || '; in the outbox: ' || coalesce((select string_agg(message_type, ', ') from statuspage.wolverine_outgoing_envelopes), 'none')
            """, database);
        return (string)(await what.ExecuteScalarAsync())!;
    }
}
