using System.Security.Claims;
using StatusPage.Domain.ApiKeys;

namespace StatusPage.Application.ApiKeys;

public sealed record IssueApiKey(string? Name, Role? Role);

public sealed record IssuedApiKey(Guid Id, string Name, Role Role, string Prefix, string Secret);

public static class IssueApiKeyEndpoint
{
    [Authorize(Policy = Policies.Owner)]
    [WolverinePost("/api/orgs/{org}/api-keys", OperationId = "issueApiKey")]
    public static (IResult, IMartenOp) Post(IssueApiKey command, ClaimsPrincipal user, TimeProvider clock)
    {
        if (command.Role is not { } role) return (Problems.Invalid("role", "'role' is required: owner, editor or viewer."), MartenOps.Nothing());

        var (secret, prefix, hash) = ApiKeySecrets.Generate();
        var keyId = Guid.NewGuid();
        var outcome = ApiKeyRules.Issue(keyId, user.OrganizationId()!.Value, command.Name, role, prefix, hash, clock.GetUtcNow());
        return outcome.Rejection is { } rejection
            ? (Problems.From(rejection), MartenOps.Nothing())
            : (Results.Json(new IssuedApiKey(keyId, command.Name!.Trim(), role, prefix, secret), statusCode: StatusCodes.Status201Created),
                MartenOps.StartStream<ApiKey>(keyId, outcome.Events.ToArray()));
    }
}
