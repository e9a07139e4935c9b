using StatusPage.Application.Components;
using StatusPage.Domain.Components;
using StatusPage.Projections;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Application.Dashboard;

/// <summary>The latest maintenance windows, whatever their state, each with its updates, and the components they may cover.</summary>
public sealed record DashboardMaintenance(IReadOnlyList<MaintenanceTimeline> Windows, IReadOnlyList<Component> Components)
{
    private const int Shown = 50;

    public static async Task<DashboardMaintenance> Load(ReadSide reads, Guid organizationId, CancellationToken token)
    {
        await using var tenant = reads.Store.LightweightSession(organizationId.ToString());
        return new DashboardMaintenance(await tenant.RecentMaintenances(null, Shown, token), await ReadComponentsEndpoints.List(tenant, token));
    }
}
