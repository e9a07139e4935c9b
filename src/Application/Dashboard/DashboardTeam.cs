using StatusPage.Projections;
using System.Security.Claims;
using StatusPage.Application.ApiKeys;
using StatusPage.Application.Team;

namespace StatusPage.Application.Dashboard;

/// <summary>Who may use the organization, as its owners see them: members and invitations, and API keys.</summary>
public static class DashboardTeam
{
    public static async Task<TeamList> Members(ReadSide reads, Guid organizationId, ClaimsPrincipal owner, TimeProvider clock, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        return await ListMembersEndpoint.Get(owner, tenant, clock, token);
    }

    public static async Task<IReadOnlyList<ApiKeySummary>> Keys(ReadSide reads, Guid organizationId, ClaimsPrincipal owner, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        return await ListApiKeysEndpoint.Get(owner, tenant, token);
    }
}
