using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;

namespace StatusPage.Testing;

/// <summary>
/// A Host node as operators run it: its own process, Kestrel on a loopback port, the shared PostgreSQL and a
/// Redis of the test's choosing. Several of them make a cluster.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, int port, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Output = output;
    }

    public Uri BaseAddress { get; }

    /// <summary>Every line the node has written to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output { get; }

    public static async Task<HostProcess> Start(string redisUrl, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = StartInfo(port, redisUrl, settings);
        var process = Process.Start(start)!;
        var serving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Read(DataReceivedEventArgs line)
        {
            if (line.Data is null) return;
            output.Enqueue(line.Data);
            if (line.Data.Contains("Application started")) serving.TrySetResult();
        }
        process.OutputDataReceived += (_, line) => Read(line);
        process.ErrorDataReceived += (_, line) => Read(line);
        process.Exited += (_, _) => serving.TrySetException(new InvalidOperationException(
            "Host process exited while starting:\n" + string.Join("\n", output)));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await serving.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new HostProcess(process, port, output);
    }

    /// <summary>Starts a node that should refuse to start: its exit code and everything it wrote.</summary>
    public static Task<(int ExitCode, string Output)> Refused(IDictionary<string, string> settings) => Command(settings);

    /// <summary>Runs the host with a command line (<c>projections rebuild -p PageView</c>) to its end: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> Command(IDictionary<string, string> settings, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(FreePort(), LiveNode.SharedRedis, settings, arguments))!;
        try
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            return (process.ExitCode, await output + await errors);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static ProcessStartInfo StartInfo(int port, string redisUrl, IDictionary<string, string>? settings, string[]? arguments = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "StatusPage.Host.dll"), .. arguments ?? []])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["API_PORT"] = port.ToString();
        start.Environment["REDIS_URL"] = redisUrl;
        start.Environment["ADMIN_TOKEN"] = StatusPageFixture.AdminToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        start.Environment["Live__HeartbeatSeconds"] = "1";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return start;
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public async Task<TestOrganization> NewOrganization(StatusPageFixture fixture)
    {
        var slug = "live-" + Guid.NewGuid().ToString("N")[..12];
        var response = await Client(StatusPageFixture.AdminToken).PostAsJsonAsync("/api/orgs", new { name = "Live " + slug, slug });
        var body = await response.Json();
        Assert.Equal(201, (int)response.StatusCode);
        return new TestOrganization(fixture, Guid.Parse(body["id"]!.GetValue<string>()), slug, body["apiKey"]!.GetValue<string>(), this);
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Ends the node as a crash would: no shutdown, nothing handed over.</summary>
    public async Task Crash()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the node to stop as an orchestrator does (SIGTERM) and waits, at most <paramref name="patience"/>, for its exit code.</summary>
    public async Task<int> Terminate(TimeSpan patience)
    {
        Assert.Equal(0, Signal(_process.Id, 15));
        await _process.WaitForExitAsync().WaitAsync(patience);
        return _process.ExitCode;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Signal(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
