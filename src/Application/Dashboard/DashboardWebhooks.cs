using StatusPage.Projections;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusPage.Application.Components;
using StatusPage.Application.Webhooks;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Dashboard;

/// <summary>The organization's webhook endpoints as the caller may see them, and the components they may filter on.</summary>
public sealed record DashboardWebhooks(IReadOnlyList<WebhookView> Endpoints, IReadOnlyList<Component> Components)
{
    public static async Task<DashboardWebhooks> Load(ReadSide reads, Guid organizationId, ClaimsPrincipal caller, TimeProvider clock, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        return new DashboardWebhooks(await ReadWebhooksEndpoints.List(tenant, caller, clock, token), await ReadComponentsEndpoints.List(tenant, token));
    }
}

/// <summary>One webhook endpoint with a page of its delivery log.</summary>
public sealed record DashboardWebhook(WebhookView Endpoint, DeliveryPage Log, IReadOnlyList<Component> Components)
{
    /// <summary>Nothing for an id that is no endpoint of the organization; the API's refusal of a bad page, else the page (<c>Ok</c>).</summary>
    public static async Task<IResult?> Load(
        ReadSide reads, Guid organizationId, Guid id, int? page, ClaimsPrincipal caller, TimeProvider clock, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        if (await ReadWebhooksEndpoints.Existing(id, tenant, token) is not { } endpoint) return null;
        var answer = await ReadWebhooksEndpoints.Deliveries(id, page, tenant, token);
        return answer is Ok<DeliveryPage> { Value: { } log }
            ? Results.Ok(new DashboardWebhook(WebhookView.Of(endpoint, clock.GetUtcNow(), caller), log, await ReadComponentsEndpoints.List(tenant, token)))
            : answer;
    }
}
