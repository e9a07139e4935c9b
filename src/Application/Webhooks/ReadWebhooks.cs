using System.Security.Claims;
using Marten.Pagination;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Webhooks;
using StatusPage.Projections.Webhooks;

namespace StatusPage.Application.Webhooks;

/// <summary>An endpoint as the API shows it: never its secrets, and to viewers its URL without path and query.</summary>
/// <param name="PreviousSecretUntil">While a rotation overlaps, when messages stop carrying the old secret's signature.</param>
public sealed record WebhookView(
    Guid Id, long Version, string Url, string? Description, IReadOnlyList<string> EventTypes, IReadOnlyList<Guid> ComponentIds,
    bool Enabled, string? DisabledReason, DateTimeOffset? PreviousSecretUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static WebhookView Of(WebhookEndpoint e, DateTimeOffset now, ClaimsPrincipal caller) => new(
        e.Id, e.Version, caller.MayChange() ? e.Url : WebhookRules.Shown(e.Url), e.Description, e.EventTypes.Select(t => t.Name()).ToList(), e.ComponentIds, e.Enabled, e.DisabledReason,
        e.PreviousSecretUntil > now ? e.PreviousSecretUntil : null, e.CreatedAt, e.UpdatedAt);
}

public enum DeliveryState
{
    Pending,
    Succeeded,
    Failed
}

/// <summary>A message in the delivery log with every attempt at it, newest first.</summary>
/// <param name="WebhookId">The <c>webhook-id</c> header it carries on every attempt.</param>
public sealed record DeliveryView(
    Guid Id, string WebhookId, string Type, long? Sequence, DeliveryState State, DateTimeOffset CreatedAt, string Payload,
    IReadOnlyList<WebhookAttempt> Attempts);

public sealed record DeliveryPage(IReadOnlyList<DeliveryView> Deliveries, int Page, int PageSize, long Total);

public static class ReadWebhooksEndpoints
{
    private const int PageSize = 25;

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/webhooks", OperationId = "listWebhooks")]
    public static async Task<IReadOnlyList<WebhookView>> List(IQuerySession session, ClaimsPrincipal caller, TimeProvider clock, CancellationToken token) =>
        (await session.Query<WebhookEndpoint>().Where(e => !e.Removed).OrderBy(e => e.CreatedAt).ToListAsync(token))
        .Select(e => WebhookView.Of(e, clock.GetUtcNow(), caller)).ToList();

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/webhooks/{id}", OperationId = "getWebhook")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, HttpContext http, TimeProvider clock, CancellationToken token)
    {
        if (await Existing(id, session, token) is not { } endpoint) return Problems.NotFound("Webhook endpoint", id);
        ExpectedVersion.Tag(http, endpoint.Version);
        return Results.Ok(WebhookView.Of(endpoint, clock.GetUtcNow(), http.User));
    }

    /// <summary>The endpoint's messages, newest first, 25 a page, each with its attempts.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/webhooks/{id}/deliveries", OperationId = "listWebhookDeliveries")]
    public static async Task<IResult> Deliveries(Guid id, int? page, IQuerySession session, CancellationToken token)
    {
        if (!Paging.TryNumber(page, PageSize, out var number, out var refusal)) return refusal;
        if (await Existing(id, session, token) is null) return Problems.NotFound("Webhook endpoint", id);

        var deliveries = await session.Query<WebhookDelivery>().Where(d => d.EndpointId == id).OrderByDescending(d => d.CreatedAt)
            .ToPagedListAsync(number, PageSize, token);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await session.Query<WebhookAttempt>().Where(a => a.DeliveryId.IsOneOf(ids)).ToListAsync(token))
            .ToLookup(a => a.DeliveryId);
        return Results.Ok(new DeliveryPage(
            deliveries.Select(d => View(d, attempts[d.Id].OrderByDescending(a => a.At).ToList())).ToList(), number, PageSize,
            deliveries.TotalItemCount));
    }

    public static async Task<WebhookEndpoint?> Existing(Guid id, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<WebhookEndpoint>(id, token) is { Removed: false } endpoint ? endpoint : null;

    /// <summary>Failed once a message had every automatic attempt or a redelivery failed with no retry left to come.</summary>
    private static DeliveryView View(WebhookDelivery d, IReadOnlyList<WebhookAttempt> attempts)
    {
        var state = attempts.Any(a => a.Succeeded) ? DeliveryState.Succeeded
            : attempts.Count > 0 && attempts[0].NextAttemptAt is null ? DeliveryState.Failed
            : DeliveryState.Pending;
        return new DeliveryView(d.Id, d.MessageId, d.Type, d.Sequence, state, d.CreatedAt, d.Payload, attempts);
    }
}
