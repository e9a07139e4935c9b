using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>The questions team decisions ask of the organization's current members.</summary>
public static class MemberLookups
{
    public static Task<bool> IsMember(IQuerySession session, Guid organizationId, string email, CancellationToken token) =>
        session.Query<Member>().AnyAsync(m => m.OrganizationId == organizationId && m.Email == email && m.RemovedAt == null, token);

    public static Task<int> OtherOwners(IQuerySession session, Guid organizationId, Guid memberId, CancellationToken token) =>
        session.Query<Member>().CountAsync(m => m.OrganizationId == organizationId && m.Role == Role.Owner && m.RemovedAt == null
                                                && m.Id != memberId, token);
}

/// <summary>The operator account a request is about, if there is one: the signed-in person's, or the one an address or link names.</summary>
public sealed record Account(Operator? Person);
