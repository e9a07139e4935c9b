using System.Security.Claims;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Organizations;

public static class GetOrganizationEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}", OperationId = "getOrganization")]
    public static Task<Organization?> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken token) =>
        session.LoadAsync<Organization>(user.OrganizationId()!.Value, token);
}
