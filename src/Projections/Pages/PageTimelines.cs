using Marten;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Projections.Pages;

/// <summary>
/// What the page view says is open, with the updates it leaves out: the status page and the v2 API show every
/// update of an open incident or window, which the page view does not carry.
/// </summary>
public static class PageTimelines
{
    /// <summary>Open incidents, newest first.</summary>
    public static Task<IReadOnlyList<IncidentTimeline>> OpenIncidents(this IDocumentSession tenant, PageView view, CancellationToken token) =>
        tenant.Timelines<IncidentTimeline>(view.OpenIncidents.Values.OrderByDescending(i => i.StartedAt).Select(i => i.Id).ToList(), token);

    /// <summary>Windows on the page now (upcoming, in progress, verifying) that <paramref name="include"/> takes, soonest first.</summary>
    public static Task<IReadOnlyList<MaintenanceTimeline>> OpenMaintenances(
        this IDocumentSession tenant, PageView view, Func<PageMaintenance, bool> include, CancellationToken token) =>
        tenant.Timelines<MaintenanceTimeline>(
            view.OpenMaintenances.Values.Where(include).OrderBy(m => m.ScheduledFor).Select(m => m.Id).ToList(), token);

    /// <summary>The organization's page view; one nobody has changed yet is there all the same, empty.</summary>
    public static async Task<PageView> LoadPageView(this IQuerySession session, string tenantId, CancellationToken token) =>
        await session.LoadAsync<PageView>(tenantId, token) ?? new PageView { Id = tenantId };

    public static async Task<PageView> LoadPageView(this ReadSide reads, string tenantId, CancellationToken token)
    {
        await using var session = reads.Store.QuerySession();
        return await session.LoadPageView(tenantId, token);
    }
}
