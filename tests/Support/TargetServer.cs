using System.Net;
using System.Text;

namespace StatusPage.Testing;

/// <summary>
/// A real HTTP server on loopback that a test turns healthy, failing, slow or endless, counting the requests it gets.
/// <c>/redirect</c> answers 302 to <see cref="RedirectTo"/> (<c>/health</c> unless set); with <see cref="Endless"/> every body goes on until the reader hangs up.
/// </summary>
public sealed class TargetServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _hits;

    public TargetServer()
    {
        Port = HostProcess.FreePort();
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
    public volatile bool Endless;
    public volatile string RedirectTo = "/health";
    private readonly System.Collections.Concurrent.ConcurrentQueue<System.Collections.Specialized.NameValueCollection> _headers = new();

    /// <summary>The headers of every request, in the order they came.</summary>
    public IReadOnlyCollection<System.Collections.Specialized.NameValueCollection> Headers => _headers;
    private long _bytesSent;

    public string Redirect => $"http://127.0.0.1:{Port}/redirect";
    public long BytesSent => Interlocked.Read(ref _bytesSent);

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
                _headers.Enqueue(context.Request.Headers);
                Interlocked.Increment(ref _hits);
                if (DelayMs > 0) await Task.Delay(DelayMs);
                if (context.Request.Url!.AbsolutePath == "/redirect")
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = RedirectTo;
                }
                else
                {
                    context.Response.StatusCode = Status;
                    await Write(context.Response, Encoding.UTF8.GetBytes(Body));
                }

                context.Response.Close();
            });
        }
    }

    private async Task Write(HttpListenerResponse response, byte[] bytes)
    {
        try
        {
            do
            {
                await response.OutputStream.WriteAsync(bytes);
                Interlocked.Add(ref _bytesSent, bytes.Length);
            } while (Endless);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The reader hung up: what an endless body is for.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
