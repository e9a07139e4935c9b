using StatusPage.Projections;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusPage.Application.ComponentGroups;
using StatusPage.Application.Monitors;
using StatusPage.Domain.Components;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Dashboard;

/// <summary>One component with its audit trail, its monitors (as the caller may see them) and their latest checks for the chart.</summary>
public sealed record DashboardComponent(
    Component Component, IReadOnlyList<ComponentGroup> Groups, AuditTrail History, IReadOnlyList<ComponentMonitor> Monitors,
    IReadOnlyDictionary<Guid, IReadOnlyList<CheckRow>> Checks)
{
    private const int ChartedChecks = 120;

    /// <summary>Nothing for an id that is no component of the organization.</summary>
    public static async Task<DashboardComponent?> Load(
        ReadSide reads, Guid organizationId, Guid id, HttpContext http, TimeProvider clock, CancellationToken token)
    {
        await using var tenant = reads.Store.QuerySession(organizationId.ToString());
        if (await tenant.LoadAsync<Component>(id, token) is not { } component) return null;
        var monitors = await ReadMonitorsEndpoints.List(id, tenant, http, token) is Ok<IEnumerable<ComponentMonitor>> { Value: { } listed } ? listed.ToList() : [];
        var checks = new Dictionary<Guid, IReadOnlyList<CheckRow>>();
        foreach (var monitor in monitors)
            if (await ReadMonitorsEndpoints.ListChecks(monitor.Id, null, null, ChartedChecks, tenant, clock, token) is Ok<ReadMonitorsEndpoints.CheckHistory> { Value: { } history })
                checks[monitor.Id] = history.Checks;
        return new DashboardComponent(component, await ListComponentGroupsEndpoint.Get(tenant, token),
            await AuditTrail.Of(tenant, organizationId, id, token), monitors, checks);
    }
}
