using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Team;

/// <summary>An operator's place in one organization, with the same roles API keys have.</summary>
public sealed record MemberJoined(
    Guid MemberId, Guid OrganizationId, Guid OperatorId, string Email, string Name, Role Role, DateTimeOffset At);

public sealed record MemberRoleChanged(Guid MemberId, Guid OrganizationId, Role OldRole, Role NewRole, DateTimeOffset At);

public sealed record MemberRemoved(Guid MemberId, Guid OrganizationId, Guid OperatorId, DateTimeOffset At);

public sealed class Member : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid OperatorId { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public Role Role { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }

    public bool Removed => RemovedAt is not null;

    public static Member Create(MemberJoined e) => new()
    {
        Id = e.MemberId, OrganizationId = e.OrganizationId, OperatorId = e.OperatorId, Email = e.Email, Name = e.Name,
        Role = e.Role, JoinedAt = e.At
    };

    public void Apply(MemberRoleChanged e) => Role = e.NewRole;

    public void Apply(MemberRemoved e) => RemovedAt = e.At;
}

public static class MemberRules
{
    public static Outcome Join(Guid memberId, Guid organizationId, Operator person, Role role, bool alreadyMember, DateTimeOffset now) =>
        alreadyMember
            ? Outcome.Conflict($"{person.Email} is already a member of this organization.")
            : Outcome.Accept(new MemberJoined(memberId, organizationId, person.Id, person.Email, person.Name, role, now));

    /// <summary>An organization must never lose its last owner, or nobody could manage its team and keys again.</summary>
    public static Outcome ChangeRole(Member member, Role? role, int otherOwners, DateTimeOffset now) =>
        member.Removed ? Outcome.NotFound($"Member {member.Id} has been removed.")
        : role is not { } newRole ? Outcome.Invalid("role", "'role' is required: owner, editor or viewer.")
        : newRole == member.Role ? Outcome.Accept()
        : member.Role == Role.Owner && otherOwners == 0 ? Outcome.Conflict("'role' cannot change: this is the organization's last owner.")
        : Outcome.Accept(new MemberRoleChanged(member.Id, member.OrganizationId, member.Role, newRole, now));

    public static Outcome Remove(Member member, int otherOwners, DateTimeOffset now) =>
        member.Removed ? Outcome.NotFound($"Member {member.Id} has already been removed.")
        : member.Role == Role.Owner && otherOwners == 0 ? Outcome.Conflict("The organization's last owner cannot be removed.")
        : Outcome.Accept(new MemberRemoved(member.Id, member.OrganizationId, member.OperatorId, now));
}
