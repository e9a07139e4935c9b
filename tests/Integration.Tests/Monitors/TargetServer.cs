using System.Net;
using System.Text;

namespace StatusPage.Integration.Tests.Monitors;

/// <summary>A real HTTP server on loopback that a test turns healthy, failing or slow, counting the requests it gets.</summary>
public sealed class TargetServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _hits;

    public TargetServer()
    {
        Port = Live.HostProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(Serve);
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/health";
    public int Hits => Volatile.Read(ref _hits);
    public volatile int Status = 200;
    public volatile string Body = "all good";
    public volatile int DelayMs;

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                Interlocked.Increment(ref _hits);
                if (DelayMs > 0) await Task.Delay(DelayMs);
                context.Response.StatusCode = Status;
                var bytes = Encoding.UTF8.GetBytes(Body);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
