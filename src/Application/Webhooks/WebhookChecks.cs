using StatusPage.Application.Outbound;
using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// What registering or changing an endpoint needs to know beyond the request: whether the URL may be sent to (resolved
/// now; the sender checks again on every connection) and which of the named components the organization has.
/// </summary>
/// <param name="Quota">Why the organization may not have one more endpoint, for a registration.</param>
public sealed record WebhookChecks(string? UrlProblem, IReadOnlyCollection<Guid> KnownComponents, Rejection? Quota = null)
{
    public static async Task<WebhookChecks> For(
        string? url, IReadOnlyCollection<Guid>? componentIds, OutboundGuard guard, IQuerySession session, CancellationToken token)
    {
        var problem = url is null ? null : await guard.ProblemWith(url, token);
        var known = componentIds is { Count: > 0 }
            ? (await session.LoadManyAsync<Component>(token, componentIds)).Where(c => !c.Removed).Select(c => c.Id).ToList()
            : [];
        return new WebhookChecks(problem, known);
    }
}
