using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Incidents;

/// <summary>
/// The caller's components an incident or maintenance names; ids of other organizations simply are not found.
/// </summary>
public sealed record AffectedComponents(IReadOnlyCollection<Component> Known)
{
    public static Task<AffectedComponents> For(
        IReadOnlyDictionary<Guid, ComponentStatus>? requested, IQuerySession session, CancellationToken token) =>
        For(requested?.Keys.ToList(), session, token);

    public static async Task<AffectedComponents> For(IReadOnlyCollection<Guid>? ids, IQuerySession session, CancellationToken token) =>
        new(ids is { Count: > 0 } ? await session.LoadManyAsync<Component>(token, ids) : []);
}
