using System.Security.Claims;
using StatusPage.Domain.ApiKeys;

namespace StatusPage.Application.ApiKeys;

public sealed record ApiKeySummary(
    Guid Id, string Name, Role Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public static class ListApiKeysEndpoint
{
    [Authorize(Policy = Policies.Owner)]
    [WolverineGet("/api/orgs/{org}/api-keys", OperationId = "listApiKeys")]
    public static async Task<IReadOnlyList<ApiKeySummary>> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken token)
    {
        var organizationId = user.OrganizationId()!.Value;
        var keys = await session.Query<ApiKey>().Where(k => k.OrganizationId == organizationId)
            .OrderBy(k => k.CreatedAt).ToListAsync(token);
        var lastUses = await session.LoadManyAsync<ApiKeyLastUse>(token, keys.Select(k => k.Id));
        var lastUsed = lastUses.ToDictionary(u => u.Id, u => u.At);
        return keys.Select(k => new ApiKeySummary(k.Id, k.Name, k.Role, k.Prefix, k.CreatedAt,
            lastUsed.TryGetValue(k.Id, out var at) ? at : null, k.RevokedAt)).ToList();
    }
}
