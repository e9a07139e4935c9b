using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>
/// Whoever holds the link (it was mailed to the invited address only) joins as that address: a new operator chooses a
/// name and password; one who already has an account accepts signed in as that account, never with a password
/// here, so this route cannot be used to guess one.
/// </summary>
public sealed record AcceptInvitation(string? Token, string? Name, string? Password);

public sealed record InvitationAcceptedResponse(Guid MemberId, Guid OrganizationId, string Email);

public static class AcceptInvitationEndpoint
{
    public sealed record Found(Invitation? Invitation, Operator? Operator, bool AlreadyMember);

    public static async Task<Found> LoadAsync(AcceptInvitation command, IQuerySession session, CancellationToken token)
    {
        if (command.Token is not { Length: > 0 } secret || !ApiKeySecrets.LooksLikeKey(secret)) return new Found(null, null, false);
        var hash = ApiKeySecrets.Hash(secret);
        var invitation = await session.Query<Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, token);
        if (invitation is null) return new Found(null, null, false);
        var person = await session.Query<Operator>().FirstOrDefaultAsync(o => o.Email == invitation.Email, token);
        return new Found(invitation, person, await MemberLookups.IsMember(session, invitation.OrganizationId, invitation.Email, token));
    }

    [WolverinePost("/api/invitations/accept", OperationId = "acceptInvitation")]
    public static IResult Post(
        AcceptInvitation command, Found found, ClaimsPrincipal user, IDocumentSession session, IPasswordHasher<Operator> hasher, TimeProvider clock)
    {
        if (found.Invitation is not { } invitation) return Problems.NotFound("Invitation", "with that link");
        var now = clock.GetUtcNow();
        var person = found.Operator;
        if (person is null)
        {
            var registered = OperatorRules.Register(Guid.NewGuid(), invitation.Email, command.Name, command.Password, hasher.Hasher(), false, now);
            if (registered.Rejection is { } invalid) return Problems.From(invalid);
            var created = (OperatorRegistered)registered.Events[0];
            session.Events.StartStream<Operator>(created.OperatorId, created);
            person = Operator.Create(created);
        }
        else if (OperatorSignIn.OperatorId(user) != person.Id)
        {
            return Problems.Result(StatusCodes.Status401Unauthorized, "Unauthorized",
                $"{person.Email} already has an account: sign in as {person.Email} first, then open the invitation's link again.");
        }

        var memberId = Guid.NewGuid();
        var outcome = InvitationRules.Accept(invitation, person, memberId, found.AlreadyMember, now);
        if (outcome.Rejection is { } rejection) return Problems.From(rejection);
        session.Events.Append(invitation.Id, outcome.Events.OfType<InvitationAccepted>().ToArray());
        session.Events.StartStream<Member>(memberId, outcome.Events.OfType<MemberJoined>().ToArray());
        return Results.Json(new InvitationAcceptedResponse(memberId, invitation.OrganizationId, invitation.Email), statusCode: StatusCodes.Status201Created);
    }
}
