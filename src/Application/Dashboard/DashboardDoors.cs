using Marten;
using StatusPage.Application.Team;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Dashboard;

/// <summary>What the dashboard's doors (sign-in, first set-up, invitations) and every signed-in page read before anything else.</summary>
public static class DashboardDoors
{
    /// <summary>Until the first operator exists, the only way in is setting up the first organization.</summary>
    public static async Task<bool> NeedsSetUp(IDocumentStore store, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await SetUpFirstOrganizationEndpoint.NeedsSetUp(session, token);
    }

    public static async Task<AcceptInvitationEndpoint.Found> Invitation(IDocumentStore store, string secret, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await AcceptInvitationEndpoint.LoadAsync(new AcceptInvitation(secret, null, null), session, token);
    }

    /// <summary>The signed-in operator's organization; the cookie names one that exists.</summary>
    public static async Task<Organization> Organization(IDocumentStore store, Guid organizationId, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return (await session.LoadAsync<Organization>(organizationId, token))!;
    }
}
