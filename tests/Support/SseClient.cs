using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace StatusPage.Testing;

public sealed record SseMessage(string? Id, string Event, string Data, string? Comment)
{
    public long Sequence => long.Parse(Id!);
    public JsonNode Json => JsonNode.Parse(Data)!;
}

/// <summary>Reads a real text/event-stream response line by line, as the WHATWG parsing rules describe.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly HttpResponseMessage _response;
    private readonly Channel<SseMessage> _messages = Channel.CreateUnbounded<SseMessage>();
    private readonly CancellationTokenSource _stop = new();

    private SseClient(HttpResponseMessage response)
    {
        _response = response;
        _ = Task.Run(Read);
    }

    public static async Task<SseClient> Connect(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response);
    }

    /// <summary>The next change, passing over comments and page-status notices (they follow changes at their own pace).</summary>
    public async Task<SseMessage> Next()
    {
        while (true)
        {
            var message = await Any();
            if (message.Comment is null && message.Event != "page:status") return message;
        }
    }

    /// <summary>The next page-status notice that matches.</summary>
    public Task<SseMessage> PageStatus(Func<SseMessage, bool> wanted) =>
        Until(m => m.Event == "page:status" && wanted(m), includePageStatus: true);

    /// <summary>
    /// The next event that matches, passing over others: a change made just before the client connected can
    /// still be on its way when it does.
    /// </summary>
    public async Task<SseMessage> Until(Func<SseMessage, bool> wanted, bool includePageStatus = false)
    {
        // Heartbeats keep each read short, so the wait as a whole needs its own limit.
        async Task<SseMessage> Wanted()
        {
            while (true)
            {
                var message = includePageStatus ? await Any() : await Next();
                if (message.Comment is null && wanted(message)) return message;
            }
        }

        return await Wanted().WaitAsync(Patience);
    }

    /// <summary>The next comment line, skipping events (and failing on none within the patience).</summary>
    public async Task<string> NextComment()
    {
        while (true)
        {
            var message = await Any();
            if (message.Comment is not null) return message.Comment;
        }
    }

    public async Task<SseMessage> Any() => await _messages.Reader.ReadAsync(_stop.Token).AsTask().WaitAsync(Patience);

    /// <summary>True when the server ended the stream (after whatever it sent first).</summary>
    public async Task<bool> Ended()
    {
        try
        {
            while (await _messages.Reader.WaitToReadAsync(_stop.Token).AsTask().WaitAsync(Patience))
                _messages.Reader.TryRead(out _);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task Read()
    {
        try
        {
            await using var stream = await _response.Content.ReadAsStreamAsync(_stop.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? id = null, name = null;
            var data = new StringBuilder();
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (name is not null || data.Length > 0)
                        await _messages.Writer.WriteAsync(new SseMessage(id, name ?? "message", data.ToString(), null));
                    (id, name) = (null, null);
                    data.Clear();
                }
                else if (line.StartsWith(':')) await _messages.Writer.WriteAsync(new SseMessage(null, "", "", line[1..].Trim()));
                else if (line.StartsWith("id: ")) id = line[4..];
                else if (line.StartsWith("event: ")) name = line[7..];
                else if (line.StartsWith("data: ")) data.Append(data.Length > 0 ? "\n" : "").Append(line[6..]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
