using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using StatusPage.Application.Outbound;
using StatusPage.Application.Telemetry;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Monitors;

/// <summary>
/// Carries out checks, always through the outbound guard (every connection, redirects included, goes only to permitted
/// addresses; a redirect elsewhere is sent without the monitor's headers, and never from https to http), within the monitor's timeout, reading at most <see cref="MaxBodyBytes"/> of a body: a target that
/// hangs or answers with a gigabyte costs a timeout and a megabyte, nothing more. At most
/// <see cref="MonitorOptions.ConnectionsPerHost"/> connections per target host are open at once from a node.
/// </summary>
public sealed class MonitorProbe(OutboundGuard guard, MonitorOptions options, StatusPageMetrics metrics, TimeProvider clock) : IDisposable
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const int MaxRedirects = 5;

    private readonly HttpClient _http = Client(guard, options);

    /// <summary>Targets can tell the monitor's requests from their users' by the User-Agent, unless the monitor sets its own.</summary>
    private static HttpClient Client(OutboundGuard guard, MonitorOptions options)
    {
        var client = new HttpClient(Handler(guard, options)) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("StatusPage-Monitor/1.0");
        return client;
    }

    private static SocketsHttpHandler Handler(OutboundGuard guard, MonitorOptions options)
    {
        var handler = guard.Handler();
        handler.MaxConnectionsPerServer = options.ConnectionsPerHost;
        return handler;
    }

    /// <param name="lastBeat">The latest call to a heartbeat monitor's URL; ignored for other types.</param>
    public async Task<CheckResult> Check(MonitorSettings settings, DateTimeOffset plannedAt, DateTimeOffset? lastBeat, CancellationToken token)
    {
        var lateness = clock.GetUtcNow() - plannedAt;
        var result = await Run(settings, plannedAt, lastBeat, token);
        metrics.MonitorCheck(settings.Type, result, lateness);
        return result;
    }

    private async Task<CheckResult> Run(MonitorSettings settings, DateTimeOffset plannedAt, DateTimeOffset? lastBeat, CancellationToken token)
    {
        if (settings.Type == MonitorType.Heartbeat) return Heartbeat(settings, plannedAt, lastBeat);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var started = Stopwatch.GetTimestamp();
        string? reason;
        try
        {
            reason = settings.Type == MonitorType.Tcp ? await Connect(settings, timeout.Token) : await Request(settings, timeout.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            reason = $"no answer within {settings.TimeoutSeconds} s";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            reason = Describe(e);
        }

        var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var slow = reason is null && latency > settings.SlowMs;
        return new CheckResult(plannedAt, reason is null, slow, latency, slow ? $"answered in {latency} ms, slower than {settings.SlowMs} ms" : reason);
    }

    private static CheckResult Heartbeat(MonitorSettings settings, DateTimeOffset plannedAt, DateTimeOffset? lastBeat)
    {
        var expectedSince = plannedAt.AddSeconds(-settings.IntervalSeconds - settings.TimeoutSeconds);
        return lastBeat >= expectedSince
            ? new CheckResult(plannedAt, true, false, 0, null)
            : new CheckResult(plannedAt, false, false, 0, lastBeat is { } last ? $"no heartbeat since {last:O}" : "no heartbeat yet");
    }

    private async Task<string?> Connect(MonitorSettings settings, CancellationToken token)
    {
        using var socket = await guard.Connect(settings.Host!, settings.Port!.Value, token);
        return null;
    }

    private async Task<string?> Request(MonitorSettings settings, CancellationToken token)
    {
        var origin = new Uri(settings.Url!);
        var uri = origin;
        for (var hops = 0; ; hops++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(settings.Method), uri);
            if (MonitorRules.SameOrigin(uri, origin))
                foreach (var (name, value) in settings.Headers) request.Headers.TryAddWithoutValidation(name, value);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            var status = (int)response.StatusCode;
            if (settings.FollowRedirects && status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                if (hops == MaxRedirects) return $"more than {MaxRedirects} redirects";
                var next = new Uri(uri, location);
                if (MonitorRules.RedirectProblem(uri, next) is { } problem) return problem;
                uri = next;
                continue;
            }

            if (settings.ExpectedStatus.Count == 0 ? status is < 200 or > 299 : !settings.ExpectedStatus.Contains(status))
                return $"status {status}, expected {(settings.ExpectedStatus.Count == 0 ? "2xx" : string.Join(" or ", settings.ExpectedStatus))}";
            return settings.Keyword is { Length: > 0 } keyword
                ? KeywordProblem(settings, keyword, await Body(response, token))
                : null;
        }
    }

    private static string? KeywordProblem(MonitorSettings settings, string keyword, string body)
    {
        bool found;
        try
        {
            found = settings.KeywordIsRegex
                ? Regex.IsMatch(body, keyword, RegexOptions.None, TimeSpan.FromMilliseconds(100))
                : body.Contains(keyword, StringComparison.Ordinal);
        }
        catch (RegexMatchTimeoutException)
        {
            return "the keyword pattern took too long to match";
        }

        return (found, settings.KeywordAbsent) switch
        {
            (false, false) => $"the body does not contain '{keyword}'",
            (true, true) => $"the body contains '{keyword}'",
            _ => null
        };
    }

    /// <summary>The first <see cref="MaxBodyBytes"/> of the body; the rest is never read.</summary>
    private static async Task<string> Body(HttpResponseMessage response, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            var length = await stream.ReadAtLeastAsync(buffer.AsMemory(0, MaxBodyBytes), MaxBodyBytes, throwOnEndOfStream: false, token);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { InnerException: OutboundRefusedException refused } => $"refused by the outbound guard: {refused.Message}",
        OutboundRefusedException refused => $"refused by the outbound guard: {refused.Message}",
        HttpRequestException { InnerException: SocketException socket } => $"connection failed: {socket.SocketErrorCode}",
        SocketException socket => $"connection failed: {socket.SocketErrorCode}",
        _ => e.Message
    };

    public void Dispose() => _http.Dispose();
}

/// <summary>Per-node limits on monitor work (configuration section <c>Monitors</c>).</summary>
public sealed class MonitorOptions
{
    /// <summary>Checks one node runs at the same time.</summary>
    public int ConcurrentChecks { get; set; } = 64;

    /// <summary>Checks of one organization one node runs at the same time; the rest of its due checks wait their turn.</summary>
    public int ChecksPerOrganization { get; set; } = 16;

    /// <summary>Connections one node keeps open to one target host at the same time; more checks wait for one.</summary>
    public int ConnectionsPerHost { get; set; } = 16;

    /// <summary>How often a node looks for checks that are due: the bound on how late one starts.</summary>
    public int SchedulePollingMilliseconds { get; set; } = 250;

    /// <summary>How long check results are kept.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Heartbeat calls one client address may make a minute, over all its monitors.</summary>
    public int HeartbeatsPerMinute { get; set; } = 600;
}
