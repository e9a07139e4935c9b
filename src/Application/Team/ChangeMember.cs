using System.Security.Claims;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public sealed record ChangeMember(Role? Role);

public static class ChangeMemberEndpoint
{
    public sealed record OtherOwners(int Count);

    public static async Task<OtherOwners> LoadAsync(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken token) =>
        new(await MemberLookups.OtherOwners(session, user.OrganizationId()!.Value, id, token));

    [Authorize(Policy = Policies.Owner)]
    [WolverinePatch("/api/orgs/{org}/members/{id}", OperationId = "changeMember")]
    public static (IResult, Events) Patch(
        ChangeMember command, [WriteAggregate("id", Required = false)] Member? member, OtherOwners owners, ClaimsPrincipal user,
        HttpContext http, TimeProvider clock) =>
        member is null || member.OrganizationId != user.OrganizationId()
            ? (Problems.NotFound("Member", "with that id"), new Events())
            : Decisions.Respond(http, MemberRules.ChangeRole(member, command.Role, owners.Count, clock.GetUtcNow()), member.Id, member.Version);
}
