using System.Diagnostics;

namespace StatusPage.Testing;

/// <summary>A Redis server of the test's own, so that it can be stopped and started without disturbing others.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = HostProcess.FreePort();
    public string Url => $"redis://127.0.0.1:{Port}";

    public async Task Start()
    {
        var start = new ProcessStartInfo("redis-server",
            ["--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true
        };
        _process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, line) =>
        {
            if (line.Data?.Contains("Ready to accept connections") == true) ready.TrySetResult();
        };
        _process.BeginOutputReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async Task Stop()
    {
        if (_process is null) return;
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await Stop();
}
