using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// How long a node takes to stop on SIGTERM with many live streams open: until every stream has ended and until the
/// process is gone. Streams are raw sockets; a tenth of them are operator streams.
/// </summary>
public static class ShutdownBench
{
    public static async Task Run(string node, int hostPid, int count)
    {
        using var admin = new HttpClient { BaseAddress = new Uri(node) };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("ADMIN_TOKEN"));
        var slug = "shutdown-" + Guid.NewGuid().ToString("N")[..8];
        var org = JsonNode.Parse(await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Shutdown", slug })).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        var uri = new Uri(node);
        var requests = new[]
        {
            $"GET /{slug}/stream HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: text/event-stream\r\n\r\n",
            $"GET /api/orgs/{org["id"]}/stream HTTP/1.1\r\nHost: {uri.Authority}\r\nAccept: text/event-stream\r\nAuthorization: Bearer {org["apiKey"]}\r\n\r\n"
        }.Select(Encoding.ASCII.GetBytes).ToArray();

        var sockets = new Socket[count];
        for (var start = 0; start < count; start += 250)
            await Task.WhenAll(Enumerable.Range(start, Math.Min(250, count - start)).Select(async i =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(uri.Host, uri.Port);
                await socket.SendAsync(requests[i % 10 == 0 ? 1 : 0]);
                var seen = new StringBuilder();
                var buffer = new byte[4096];
                while (!seen.ToString().Contains("retry:"))
                {
                    var read = await socket.ReceiveAsync(buffer);
                    if (read == 0) throw new InvalidOperationException("The node closed a live connection while opening: " + seen);
                    seen.Append(Encoding.UTF8.GetString(buffer, 0, read));
                }

                sockets[i] = socket;
            }));

        var watch = Stopwatch.StartNew();
        var ends = sockets.Select(socket => Task.Run(async () => (Notified: await ReadToEnd(socket), At: watch.Elapsed))).ToArray();
        if (Kill(hostPid, 15) != 0) throw new InvalidOperationException("SIGTERM could not be sent.");
        var exited = await Exited(hostPid, TimeSpan.FromSeconds(60));
        var all = Task.WhenAll(ends);
        await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5)));
        var ended = ends.Where(e => e.IsCompletedSuccessfully).Select(e => e.Result).ToList();
        foreach (var socket in sockets) socket.Dispose();

        Console.WriteLine("| live streams open | ended | with the reconnect notice | last stream ended | process gone |");
        Console.WriteLine("| --- | --- | --- | --- | --- |");
        Console.WriteLine($"| {count} ({count / 10 + (count % 10 > 0 ? 1 : 0)} operator) | {ended.Count} | {ended.Count(e => e.Notified)} | " +
                          $"{(ended.Count == 0 ? "-" : $"{ended.Max(e => e.At).TotalMilliseconds:F0} ms")} | " +
                          $"{(exited is { } gone ? $"{gone.TotalMilliseconds:F0} ms" : "not within 60 s")} |");
    }

    /// <summary>Reads until the node closes the connection; true when it said it was shutting down first.</summary>
    private static async Task<bool> ReadToEnd(Socket socket)
    {
        var buffer = new byte[4096];
        var tail = "";
        var notified = false;
        while (await socket.ReceiveAsync(buffer) is var read and > 0)
        {
            tail = tail[Math.Max(0, tail.Length - 64)..] + Encoding.UTF8.GetString(buffer, 0, read);
            notified |= tail.Contains("shutting down");
        }

        return notified;
    }

    /// <summary>The time from now until the process is gone or a zombie waiting for bench/run.sh to reap it.</summary>
    private static async Task<TimeSpan?> Exited(int pid, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < patience)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadLines(status).Any(l => l.StartsWith("State:") && l.Contains('Z'))) return watch.Elapsed;
            await Task.Delay(5);
        }

        return null;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
