using System.Security.Claims;
using StatusPage.Domain.ApiKeys;

namespace StatusPage.Application.ApiKeys;

public static class RevokeApiKeyEndpoint
{
    public sealed record OtherOwnerKeys(int Count);

    public static async Task<OtherOwnerKeys> LoadAsync(ClaimsPrincipal user, Guid id, IQuerySession session, CancellationToken token)
    {
        var organizationId = user.OrganizationId()!.Value;
        return new OtherOwnerKeys(await session.Query<ApiKey>()
            .CountAsync(k => k.OrganizationId == organizationId && k.Role == Role.Owner && k.RevokedAt == null && k.Id != id, token));
    }

    [Authorize(Policy = Policies.Owner)]
    [WolverineDelete("/api/orgs/{org}/api-keys/{id}", OperationId = "revokeApiKey")]
    public static (IResult, Events) Delete(
        [WriteAggregate("id", Required = false)] ApiKey? key, [NotBody] OtherOwnerKeys otherOwnerKeys, ClaimsPrincipal user, ApiKeyDirectory keys,
        TimeProvider clock)
    {
        if (key is null || key.OrganizationId != user.OrganizationId()) return (Problems.NotFound("API key", "with that id"), new Events());
        var outcome = ApiKeyRules.Revoke(key, otherOwnerKeys.Count, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), new Events());
        keys.Forget(key.SecretHash);
        return (Results.NoContent(), Decisions.Append(outcome));
    }
}
