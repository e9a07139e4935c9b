using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace StatusPage.Testing;

/// <summary>
/// A webhook receiver on loopback Kestrel: records every request and answers each path as told, in turn (the last
/// answer repeats; 200 when untold). An answer of 0 never comes: the request hangs until the sender gives up.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Request(string Path, HeaderDictionary Headers, string Body)
    {
        public string Id => Headers["webhook-id"].ToString();

        public string[] Signatures => Headers["webhook-signature"].ToString().Split(' ');

        /// <summary>Checks the signature with an independent Standard Webhooks implementation; throws when it does not verify.</summary>
        /// <summary>
        /// Checks the signature with an independent Standard Webhooks implementation; throws when none verifies. That
        /// library (1.1.2) only looks at the first of several signatures, so during a rotation each is checked on its own.
        /// </summary>
        public void Verify(string secret)
        {
            var failures = new List<Exception>();
            foreach (var signature in Signatures)
            {
                var single = new HeaderDictionary(Headers.ToDictionary(h => h.Key, h => h.Value)) { ["webhook-signature"] = signature };
                try
                {
                    new StandardWebhook(secret).Verify(Body, single);
                    return;
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            }

            throw new AggregateException("No signature verifies with the secret.", failures);
        }

        public System.Text.Json.Nodes.JsonNode Json => System.Text.Json.Nodes.JsonNode.Parse(Body)!;

        public HookAnswer Hook => System.Text.Json.JsonSerializer.Deserialize<HookAnswer>(Body, HttpJson.Options)!;
    }

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Request> _received = new();
    private readonly ConcurrentDictionary<string, Queue<int>> _answers = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/{**path}", receiver.Receive);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.BaseAddress = new Uri(address);
        return receiver;
    }

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>Answers the path's next requests with these statuses, the last one for every request after.</summary>
    public void Answer(string path, params int[] statuses) => _answers[path] = new Queue<int>(statuses);

    public IReadOnlyList<Request> At(string path) => _received.Where(r => r.Path == path).ToList();

    /// <summary>Waits until what was received satisfies the condition, woken by each request that arrives.</summary>
    public async Task<IReadOnlyList<Request>> WaitFor(string path, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var arrived = _arrived.Task;
            var received = At(path);
            if (received.Count >= count) return received;
            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"{path} received {received.Count} of {count} requests.");
            await Task.WhenAny(arrived, Task.Delay(left));
        }
    }

    private async Task Receive(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value!;
        var headers = new HeaderDictionary();
        foreach (var (key, value) in context.Request.Headers) headers[key] = value;
        int status;
        lock (_answers)
        {
            status = _answers.TryGetValue(path, out var answers) && answers.Count > 0
                ? answers.Count > 1 ? answers.Dequeue() : answers.Peek()
                : 200;
        }

        _received.Enqueue(new Request(path, headers, body));
        Interlocked.Exchange(ref _arrived, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (status == 0) await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token).Token)
            .ContinueWith(_ => { });
        context.Response.StatusCode = status;
        if (status is >= 300 and < 400) context.Response.Headers.Location = Url(path + "/moved");
        await context.Response.WriteAsync("answer " + status);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
