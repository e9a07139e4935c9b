using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Team;

/// <summary>Only the hash of the invitation's token is recorded; the accept link is mailed to the invited address and to nobody else.</summary>
public sealed record MemberInvited(
    Guid InvitationId, Guid OrganizationId, string Email, Role Role, string TokenHash, DateTimeOffset ExpiresAt, DateTimeOffset At);

public sealed record InvitationAccepted(Guid InvitationId, Guid OrganizationId, Guid OperatorId, Guid MemberId, DateTimeOffset At);

public sealed class Invitation
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid OrganizationId { get; set; }
    public string Email { get; set; } = "";
    public Role Role { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }

    public static Invitation Create(MemberInvited e) => new()
    {
        Id = e.InvitationId, OrganizationId = e.OrganizationId, Email = e.Email, Role = e.Role, TokenHash = e.TokenHash,
        ExpiresAt = e.ExpiresAt, CreatedAt = e.At
    };

    public void Apply(InvitationAccepted e) => AcceptedAt = e.At;
}

public static class InvitationRules
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public static Outcome Invite(
        Guid invitationId, Guid organizationId, string? email, Role? role, string tokenHash, bool alreadyMember, DateTimeOffset now)
    {
        var rejection = Text.FirstOf(OperatorRules.Email(email),
            role is null ? Rejection.Invalid("role", "'role' is required: owner, editor or viewer.") : null);
        if (rejection is not null) return new Outcome([], rejection);
        var address = OperatorRules.NormalizeEmail(email!);
        if (alreadyMember) return Outcome.Conflict($"'email' {address} is already a member of this organization.");
        return Outcome.Accept(new MemberInvited(invitationId, organizationId, address, role!.Value, tokenHash, now + ValidFor, now));
    }

    /// <summary>Accepting makes the operator a member with the invited role: events for the invitation and the new member's stream.</summary>
    public static Outcome Accept(Invitation invitation, Operator person, Guid memberId, bool alreadyMember, DateTimeOffset now)
    {
        if (invitation.AcceptedAt is not null) return Outcome.Conflict("This invitation has already been accepted.");
        if (invitation.ExpiresAt <= now) return Outcome.Conflict("This invitation has expired; ask for a new one.");
        if (person.Email != invitation.Email) return Outcome.Invalid("email", $"'email' must be {invitation.Email}: the invitation was sent there.");
        var joined = MemberRules.Join(memberId, invitation.OrganizationId, person, invitation.Role, alreadyMember, now);
        return Outcome.From(joined.Rejection, () => Outcome.Accept(
            joined.Events.Prepend(new InvitationAccepted(invitation.Id, invitation.OrganizationId, person.Id, memberId, now))));
    }
}
