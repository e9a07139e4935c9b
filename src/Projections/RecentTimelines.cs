using System.Linq.Expressions;
using Marten;
using StatusPage.Domain.Maintenances;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Projections;

/// <summary>
/// The newest incidents and maintenance windows, each folded from its events: feeds, the calendar, the v2 API and
/// the dashboard list them so. Incidents come from the history (past ones readers may see), windows from their
/// write models, which are the only list of them.
/// </summary>
public static class RecentTimelines
{
    public static Task<IReadOnlyList<IncidentTimeline>> RecentIncidents(this IDocumentSession tenant, int count, CancellationToken token) =>
        tenant.Timelines<IncidentTimeline>(
            tenant.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt).Take(count).Select(i => i.Id), token);

    public static Task<IReadOnlyList<IncidentTimeline>> RecentIncidents(this ReadSide reads, string tenantId, int count, CancellationToken token) =>
        reads.InTenant(tenantId, tenant => tenant.RecentIncidents(count, token));

    /// <summary>By when they were scheduled for, newest first; <paramref name="which"/> picks them, or all are taken.</summary>
    public static Task<IReadOnlyList<MaintenanceTimeline>> RecentMaintenances(
        this IDocumentSession tenant, Expression<Func<Maintenance, bool>>? which, int count, CancellationToken token)
    {
        IQueryable<Maintenance> windows = tenant.Query<Maintenance>();
        if (which is not null) windows = windows.Where(which);
        return tenant.Timelines<MaintenanceTimeline>(windows.OrderByDescending(m => m.ScheduledFor).Take(count).Select(m => m.Id), token);
    }

    public static Task<IReadOnlyList<MaintenanceTimeline>> RecentMaintenances(
        this ReadSide reads, string tenantId, Expression<Func<Maintenance, bool>>? which, int count, CancellationToken token) =>
        reads.InTenant(tenantId, tenant => tenant.RecentMaintenances(which, count, token));
}
