using System.Security.Claims;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Team;
using Wolverine;

namespace StatusPage.Application.Team;

public sealed record InviteMember(string? Email, Role? Role);

/// <summary>
/// The accept link carries the token and goes only to the invited address: an owner who got it back could take over
/// an address they do not own.
/// </summary>
public sealed record InvitationIssued(Guid Id, string Email, Role Role, DateTimeOffset ExpiresAt);

public static class InviteMemberEndpoint
{
    public sealed record AlreadyMember(bool Is);

    public static async Task<AlreadyMember> LoadAsync(InviteMember command, ClaimsPrincipal user, IQuerySession session, CancellationToken token) =>
        new(command.Email is { } email && await MemberLookups.IsMember(session, user.OrganizationId()!.Value, OperatorRules.NormalizeEmail(email), token));

    [Authorize(Policy = Policies.Owner)]
    [WolverinePost("/api/orgs/{org}/invitations", OperationId = "inviteMember")]
    public static (IResult, IMartenOp, OutgoingMessages) Post(InviteMember command, AlreadyMember member, ClaimsPrincipal user, TimeProvider clock)
    {
        var (token, _, hash) = ApiKeySecrets.Generate();
        var id = Guid.NewGuid();
        var outcome = InvitationRules.Invite(id, user.OrganizationId()!.Value, command.Email, command.Role, hash, member.Is, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing(), []);
        var invited = (MemberInvited)outcome.Events[0];
        return (Results.Json(new InvitationIssued(id, invited.Email, invited.Role, invited.ExpiresAt), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<Invitation>(id, outcome.Events.ToArray()),
            [new InvitationMail(id, invited.Email, invited.Role, invited.ExpiresAt, $"/dashboard/invitations/{token}")]);
    }
}
