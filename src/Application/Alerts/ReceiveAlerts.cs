using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;

namespace StatusPage.Application.Alerts;

/// <summary>What one notification did, kept for the source's log (<c>GET …/alert-sources/{id}/log</c>).</summary>
public sealed class AlertReceipt
{
    public Guid Id { get; set; }
    public Guid SourceId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public string GroupKey { get; set; } = "";
    public int Firing { get; set; }
    public int Resolved { get; set; }
    public bool Changed { get; set; }
    public List<string> Log { get; set; } = new();
}

/// <summary>
/// Where a monitoring system sends its notifications. The source's id finds it in any organization; its token, sent
/// as a bearer token (or, for Grafana and generic sources, as the key of an HMAC signature), proves the caller was
/// given it. Anything else is 401 before the body is read as alerts; calls are limited per client address.
/// </summary>
public static class ReceiveAlertsEndpoint
{
    [EnableRateLimiting(AlertSetup.RateLimit)]
    [WolverinePost("/api/alerts/{sourceId}", OperationId = "receiveAlerts")]
    public static Task<IResult> Post(Guid sourceId, HttpRequest request, AlertReceiver receiver, CancellationToken token) =>
        receiver.Receive(sourceId, request, token);
}

public sealed class AlertReceiver(IDocumentStore store, AlertTokens tokens, TimeProvider clock)
{
    /// <summary>How long the log keeps a notification.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(14);

    /// <summary>How far a signed request's timestamp may be from now: a captured request cannot be replayed later.</summary>
    public static readonly TimeSpan SignatureTolerance = TimeSpan.FromMinutes(5);

    public async Task<IResult> Receive(Guid sourceId, HttpRequest request, CancellationToken token)
    {
        var body = await Body(request, token);
        AlertSource? found;
        await using (var query = store.QuerySession())
            found = await query.Query<AlertSource>().Where(s => s.AnyTenant() && s.Id == sourceId).FirstOrDefaultAsync(token);
        if (found is not { Removed: false } source || !Authentic(source, request, body.Span)) return Unauthorized();

        var (notification, problem) = AlertPayloads.Read(source.Kind, source.ComponentLabel, body);
        if (notification is null) return Problems.Invalid(problem!);

        var now = clock.GetUtcNow();
        await using var session = store.LightweightSession(source.OrganizationId.ToString());
        session.LastModifiedBy = $"alert-source:{source.Id}";
        // Two nodes given the same notification take turns here: the second finds the first's alerts and changes nothing.
        var stream = await session.Events.FetchForExclusiveWriting<AlertSource>(source.Id, token);
        if (stream.Aggregate is not { Removed: false } current) return Unauthorized();
        var components = await session.Query<Component>().Where(c => !c.Removed).ToListAsync(token);
        var incidents = current.Incidents.Count == 0
            ? new Dictionary<Guid, Incident>()
            : (await session.LoadManyAsync<Incident>(token, current.Incidents.Values.Distinct())).ToDictionary(i => i.Id);

        var others = await session.Query<AlertSource>().Where(s => !s.Removed && s.Id != current.Id).ToListAsync(token);
        var effects = AlertRules.Receive(current, notification, components, incidents, others, Guid.NewGuid, now);
        if (effects.SourceEvents.Count > 0) stream.AppendMany(effects.SourceEvents);
        foreach (var change in effects.ComponentChanges) session.Events.Append(change.ComponentId, change);
        foreach (var step in effects.Incidents)
        {
            if (step.Opens) session.Events.StartStream<Incident>(step.IncidentId, step.Event);
            else session.Events.Append(step.IncidentId, step.Event);
        }

        var receipt = new AlertReceipt
        {
            Id = Guid.NewGuid(), SourceId = source.Id, ReceivedAt = now, GroupKey = notification.GroupKey,
            Firing = notification.Alerts.Count(a => a.Firing), Resolved = notification.Alerts.Count(a => !a.Firing),
            Changed = effects.Changed, Log = effects.Log.ToList()
        };
        session.Store(receipt);
        var expired = now - Kept;
        session.DeleteWhere<AlertReceipt>(r => r.SourceId == source.Id && r.ReceivedAt < expired);
        await session.SaveChangesAsync(token);
        return Results.Ok(receipt);
    }

    private static IResult Unauthorized() =>
        Problems.Result(StatusCodes.Status401Unauthorized, "Unauthorized",
            "No alert source has this id and token: send the source's token as 'Authorization: Bearer …'.");

    private static async Task<ReadOnlyMemory<byte>> Body(HttpRequest request, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, token);
        return buffer.ToArray();
    }

    private bool Authentic(AlertSource source, HttpRequest request, ReadOnlySpan<byte> body)
    {
        var expected = Encoding.UTF8.GetBytes(tokens.Reveal(source.Token));
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[7..].Trim()), expected);
        return AlertSignatures.Headers(source.Kind) is { } headers &&
               AlertSignatures.Verify(expected, request.Headers[headers.Signature].ToString(), request.Headers[headers.Timestamp].ToString(),
                   body, clock.GetUtcNow(), SignatureTolerance);
    }
}

/// <summary>
/// Grafana's HMAC signing (a contact point's "HMAC Signature" settings): hex HMAC-SHA256, keyed with the source's
/// token, of the body, or of <c>{timestamp}:{body}</c> when a timestamp header is sent. Generic senders sign the same way.
/// </summary>
public static class AlertSignatures
{
    public sealed record HeaderNames(string Signature, string Timestamp);

    public static HeaderNames? Headers(AlertSourceKind kind) => kind switch
    {
        AlertSourceKind.Grafana => new("X-Grafana-Alerting-Signature", "X-Grafana-Alerting-Timestamp"),
        AlertSourceKind.Generic => new("X-StatusPage-Signature", "X-StatusPage-Timestamp"),
        _ => null
    };

    public static string Sign(ReadOnlySpan<byte> key, string? timestamp, ReadOnlySpan<byte> body)
    {
        var head = timestamp is { Length: > 0 } ? Encoding.UTF8.GetBytes(timestamp + ":") : [];
        var content = new byte[head.Length + body.Length];
        head.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(head.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, content));
    }

    public static bool Verify(byte[] key, string signature, string timestamp, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (signature.Length == 0) return false;
        if (timestamp.Length > 0 && (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
                                     seconds > now.ToUnixTimeSeconds() + (long)tolerance.TotalSeconds ||
                                     seconds < now.ToUnixTimeSeconds() - (long)tolerance.TotalSeconds))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(key, timestamp, body)),
            Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant()));
    }
}
