using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Organizations;

public sealed record CreateOrganization(string? Name, string? Slug, string? TimeZone);

public sealed record OrganizationCreatedResponse(Guid Id, string Slug, string ApiKey);

public static class CreateOrganizationEndpoint
{
    public sealed record SlugTaken(bool Taken);

    public static async Task<SlugTaken> LoadAsync(CreateOrganization command, IQuerySession session, CancellationToken token) =>
        new(await session.Query<Organization>().AnyAsync(o => o.Slug == command.Slug, token));

    /// <summary>An organization is born with its owner key, shown in this response and never again.</summary>
    [Authorize(Policy = Policies.InstanceAdmin)]
    [WolverinePost("/api/orgs", OperationId = "createOrganization")]
    public static (IResult, IMartenOp, IMartenOp) Post(CreateOrganization command, SlugTaken slug, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var organizationId = Guid.NewGuid();
        var organization = OrganizationRules.Create(organizationId, command.Name, command.Slug, command.TimeZone, slug.Taken, now);
        if (organization.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing(), MartenOps.Nothing());

        var (secret, prefix, hash) = ApiKeySecrets.Generate();
        var keyId = Guid.NewGuid();
        var key = ApiKeyRules.Issue(keyId, organizationId, "Owner key", Role.Owner, prefix, hash, now);

        return (
            Results.Json(new OrganizationCreatedResponse(organizationId, command.Slug!, secret), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<Organization>(organizationId, organization.Events.ToArray()),
            MartenOps.StartStream<ApiKey>(keyId, key.Events.ToArray()));
    }
}
