using StatusPage.Application.Incidents;
using StatusPage.Domain.Components;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Application.Maintenances;

/// <summary>The components a window covers, and those of them that other windows under way hold under maintenance.</summary>
public sealed record MaintenanceComponents(IReadOnlyCollection<Component> Known, IReadOnlySet<Guid> HeldElsewhere)
{
    public static async Task<MaintenanceComponents> For(Maintenance maintenance, IQuerySession session, CancellationToken token)
    {
        var known = await AffectedComponents.For(maintenance.Components, session, token);
        var underWay = await session.Query<Maintenance>()
            .Where(m => m.Id != maintenance.Id && (m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying))
            .ToListAsync(token);
        return new(known.Known, underWay.SelectMany(m => m.StatusesBefore.Keys).Intersect(maintenance.Components).ToHashSet());
    }
}
