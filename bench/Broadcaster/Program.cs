using System.Collections.Concurrent;
using System.Threading.Channels;

// The bare ASP.NET Core references of the benchmarks: an SSE broadcaster for fan-out, fixed bytes for public documents;
// no database, no Redis.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
var clients = new ConcurrentDictionary<Channel<string>, byte>();

app.MapGet("/stream", async (HttpContext http) =>
{
    var channel = Channel.CreateBounded<string>(256);
    clients.TryAdd(channel, 0);
    try
    {
        http.Response.ContentType = "text/event-stream";
        await http.Response.WriteAsync("retry: 2000\n\n");
        await http.Response.Body.FlushAsync();
        await foreach (var message in channel.Reader.ReadAllAsync(http.RequestAborted))
        {
            await http.Response.WriteAsync(message);
            await http.Response.Body.FlushAsync();
        }
    }
    catch (OperationCanceledException)
    {
    }
    finally
    {
        clients.TryRemove(channel, out _);
    }
});

app.MapPost("/broadcast", (string data) =>
{
    var frame = $"event: service:status\ndata: {data}\n\n";
    foreach (var client in clients.Keys) client.Writer.TryWrite(frame);
    return Results.Ok(clients.Count);
});

// The reference for public documents served from memory: a fixed byte array of the asked size, nothing else.
var fixedBodies = new ConcurrentDictionary<int, byte[]>();
app.MapGet("/fixed/{size:int}", (int size, HttpContext http) =>
{
    var body = fixedBodies.GetOrAdd(size, n => Enumerable.Range(0, n).Select(i => (byte)('a' + i % 26)).ToArray());
    http.Response.ContentType = "application/json";
    http.Response.ContentLength = body.Length;
    return http.Response.Body.WriteAsync(body).AsTask();
});

app.Run();
