using System.Security.Claims;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public sealed record MemberSummary(Guid Id, Guid OperatorId, string Email, string Name, Role Role, DateTimeOffset JoinedAt);

public sealed record PendingInvitation(Guid Id, string Email, Role Role, DateTimeOffset ExpiresAt);

public sealed record TeamList(IReadOnlyList<MemberSummary> Members, IReadOnlyList<PendingInvitation> Invitations);

public static class ListMembersEndpoint
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/members", OperationId = "listMembers")]
    public static async Task<TeamList> Get(ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var organizationId = user.OrganizationId()!.Value;
        var members = await session.Query<Member>().Where(m => m.OrganizationId == organizationId && m.RemovedAt == null)
            .OrderBy(m => m.JoinedAt).ToListAsync(token);
        var now = clock.GetUtcNow();
        var invitations = await session.Query<Invitation>()
            .Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null && i.ExpiresAt > now).OrderBy(i => i.CreatedAt).ToListAsync(token);
        return new TeamList(
            members.Select(m => new MemberSummary(m.Id, m.OperatorId, m.Email, m.Name, m.Role, m.JoinedAt)).ToList(),
            invitations.Select(i => new PendingInvitation(i.Id, i.Email, i.Role, i.ExpiresAt)).ToList());
    }
}
