using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

/// <summary>Whether the group a component should sit in exists in the caller's organization.</summary>
public sealed record GroupLookup(bool Exists)
{
    public static async Task<GroupLookup> For(Guid? groupId, IQuerySession session, CancellationToken token) =>
        new(groupId is { } id && await session.LoadAsync<ComponentGroup>(id, token) is { Removed: false });
}
