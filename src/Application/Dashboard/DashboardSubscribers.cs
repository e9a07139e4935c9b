using StatusPage.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusPage.Application.Components;
using StatusPage.Application.Subscribers;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Dashboard;

/// <summary>A page of subscribers as the API lists them, and the components their preferences name.</summary>
public sealed record DashboardSubscribers(SubscriberList List, IReadOnlyList<Component> Components)
{
    /// <summary>The API's refusal of a bad filter or page, else the page (<c>Ok</c>).</summary>
    public static async Task<IResult> Load(
        ReadSide reads, Guid organizationId, string? state, string? search, int? page, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        var answer = await ListSubscribersEndpoint.Get(state, search, page, tenant, token);
        return answer is Ok<SubscriberList> { Value: { } list }
            ? Results.Ok(new DashboardSubscribers(list, await ReadComponentsEndpoints.List(tenant, token)))
            : answer;
    }
}
