using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

/// <summary>
/// More live clients than a node takes. A process here may hold at most 20,000 descriptors, so the attempts are
/// split over two client processes; while they hold every connection they got, the API is timed on the same node.
/// </summary>
internal static class Overload
{
    public static async Task<OverloadResult> Run(string node, string slug, string orgId, string key, int attempts)
    {
        var clients = Enumerable.Range(0, 2).Select(_ => Process.Start(new ProcessStartInfo("dotnet",
            [typeof(Overload).Assembly.Location, "overload-client", node, $"/{slug}/stream", (attempts / 2).ToString()])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true
        })!).ToList();
        try
        {
            var reports = await Task.WhenAll(clients.Select(c => c.StandardOutput.ReadLineAsync()));
            var counts = reports.Select(r => r!.Split(' ').Select(long.Parse).ToArray()).ToList();

            using var api = new HttpClient { BaseAddress = new Uri(node) };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var latencies = new List<double>();
            var ok = 0;
            for (var i = 0; i < 200; i++)
            {
                var started = Stopwatch.GetTimestamp();
                if ((await api.GetAsync($"/api/orgs/{orgId}/components")).IsSuccessStatusCode) ok++;
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            latencies.Sort();
            return new OverloadResult(counts.Sum(c => c[0]), counts.Sum(c => c[1]), counts.Sum(c => c[2]), counts.Sum(c => c[3]), ok,
                latencies[latencies.Count / 2], latencies[(int)(latencies.Count * 0.99)]);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.StandardInput.Close();
                await client.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// The client process: opens its share of connections, prints "streams refused-with-retry-after other failed",
    /// and holds the streams it got until its input closes.
    /// </summary>
    public static async Task Client(Uri server, string path, int count)
    {
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: text/event-stream\r\n\r\n");
        var held = new List<Socket>();
        long streams = 0, refused = 0, other = 0, failed = 0;
        for (var start = 0; start < count; start += 250)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(250, count - start)).Select(async _ =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync(server.Host, server.Port);
                    await socket.SendAsync(request);
                    var head = await Head(socket);
                    if (head.StartsWith("HTTP/1.1 200"))
                    {
                        Interlocked.Increment(ref streams);
                        lock (held) held.Add(socket);
                        return;
                    }

                    Interlocked.Increment(ref head.StartsWith("HTTP/1.1 503") && head.Contains("Retry-After", StringComparison.OrdinalIgnoreCase)
                        ? ref refused : ref other);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref failed);
                }

                socket.Dispose();
            }));
        }

        Console.WriteLine($"{streams} {refused} {other} {failed}");
        await Console.In.ReadToEndAsync();
        foreach (var socket in held) socket.Dispose();
    }

    private static async Task<string> Head(Socket socket)
    {
        var buffer = new byte[4096];
        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\n\r\n"))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0) break;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return seen.ToString();
    }
}

internal sealed record OverloadResult(long Streams, long Refused, long Other, long Failed, int ApiOk, double ApiP50, double ApiP99);
