using System.Security.Claims;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public static class RemoveMemberEndpoint
{
    public static Task<ChangeMemberEndpoint.OtherOwners> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken token) =>
        ChangeMemberEndpoint.LoadAsync(id, user, session, token);

    [Authorize(Policy = Policies.Owner)]
    [WolverineDelete("/api/orgs/{org}/members/{id}", OperationId = "removeMember")]
    public static (IResult, Events) Delete(
        [WriteAggregate("id", Required = false)] Member? member, [NotBody] ChangeMemberEndpoint.OtherOwners owners, ClaimsPrincipal user,
        HttpContext http, TimeProvider clock) =>
        member is null || member.OrganizationId != user.OrganizationId()
            ? (Problems.NotFound("Member", "with that id"), new Events())
            : Decisions.Respond(http, MemberRules.Remove(member, owners.Count, clock.GetUtcNow()), member.Id, member.Version);
}
