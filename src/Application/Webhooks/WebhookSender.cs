using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using StatusPage.Application.Outbound;
using StatusPage.Application.Telemetry;
using StatusPage.Domain.Webhooks;
using StatusPage.Projections.Webhooks;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// POSTs a message, signed per Standard Webhooks, through the outbound guard (permitted addresses only, no redirects
/// followed). A 2xx answer within the timeout is success; anything else, a redirect included, is failure.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock, StatusPageMetrics metrics)
{
    public const string ClientName = "webhooks";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private const int ResponseBytes = 1024;

    public sealed record Result(bool Succeeded, int? StatusCode, string? Error, long LatencyMs, string? Response);

    public async Task<Result> Send(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken token)
    {
        var (result, outcome) = await Attempt(endpoint, delivery, token);
        metrics.WebhookAttempt(outcome);
        return result;
    }

    private async Task<(Result, string Outcome)> Attempt(WebhookEndpoint endpoint, WebhookDelivery delivery, CancellationToken token)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        // Receivers refuse timestamps more than five minutes off their own clock, so this one is the wall clock's.
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var signingSecrets = WebhookRules.SigningSecrets(endpoint, clock.GetUtcNow()).Select(secrets.Reveal);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.MessageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString());
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignatures.Header(signingSecrets, delivery.MessageId, timestamp, body));

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
        limit.CancelAfter(Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            var text = await Start(response, limit.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            return (new Result(succeeded, status, null, Elapsed(started), text), succeeded ? "delivered" : "rejected");
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return (new Result(false, null, $"No answer within {Timeout.TotalSeconds:0} s.", Elapsed(started), null), "timeout");
        }
        catch (HttpRequestException e)
        {
            return (new Result(false, null, e.InnerException is OutboundRefusedException refused ? $"Refused: {refused.Message}" : e.Message,
                Elapsed(started), null), "error");
        }
    }

    /// <summary>The first kilobyte of the answer: enough to see what went wrong, never a whole page held in the log.</summary>
    private static async Task<string> Start(HttpResponseMessage response, CancellationToken token)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        var buffer = new byte[ResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), token) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

/// <summary>
/// Caps the messages in flight on this node per endpoint, so a slow endpoint holds a few of the webhook queue's
/// workers and never all of them, and per organization, so an organization's many slow endpoints together hold at
/// most its share (<c>Webhooks:DeliveriesPerOrganization</c>).
/// </summary>
public sealed class WebhookSlots(int perOrganization)
{
    public const int PerEndpoint = 4;
    private readonly InFlight<Guid> _endpoints = new(PerEndpoint);
    private readonly InFlight<string> _organizations = new(perOrganization);

    public bool TryTake(string organization, Guid endpointId)
    {
        if (!_organizations.TryTake(organization)) return false;
        if (_endpoints.TryTake(endpointId)) return true;
        _organizations.Release(organization);
        return false;
    }

    public void Release(string organization, Guid endpointId)
    {
        _endpoints.Release(endpointId);
        _organizations.Release(organization);
    }
}
