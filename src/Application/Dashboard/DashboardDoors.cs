using StatusPage.Projections;
using StatusPage.Application.Team;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Dashboard;

/// <summary>What the dashboard's doors (sign-in, first set-up, invitations) and every signed-in page read before anything else.</summary>
public static class DashboardDoors
{
    /// <summary>Until the first operator exists, the only way in is setting up the first organization.</summary>
    public static async Task<bool> NeedsSetUp(ReadSide reads, CancellationToken token)
    {
        await using var session = reads.Store.QuerySession();
        return await SetUpFirstOrganizationEndpoint.NeedsSetUp(session, token);
    }

    public static async Task<AcceptInvitationEndpoint.Found> Invitation(ReadSide reads, string secret, CancellationToken token)
    {
        await using var session = reads.Store.QuerySession();
        return await AcceptInvitationEndpoint.LoadAsync(new AcceptInvitation(secret, null, null), session, token);
    }

    /// <summary>The signed-in operator's organization; the cookie names one that exists.</summary>
    public static async Task<Organization> Organization(ReadSide reads, Guid organizationId, CancellationToken token)
    {
        await using var session = reads.Store.QuerySession();
        return (await session.LoadAsync<Organization>(organizationId, token))!;
    }
}
