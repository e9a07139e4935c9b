using Marten;
using StatusPage.Domain.Maintenances;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;

namespace StatusPage.Projections.PublicApi;

/// <summary>The documents of Statuspage's public v2 API, by their path below <c>api/v2/</c>, read from the page view and the timelines it lists.</summary>
public static class StatuspageV2Documents
{
    private const int Recent = 50;

    public delegate Task<object> Build(IDocumentSession tenant, V2Page page, PageView view, CancellationToken token);

    public static readonly IReadOnlyDictionary<string, Build> All = new Dictionary<string, Build>
    {
        ["summary.json"] = async (s, page, view, token) => new
        {
            page, status = StatuspageV2.Status(view), components = StatuspageV2.Components(view),
            incidents = await Unresolved(s, view, token), scheduled_maintenances = await Open(s, view, _ => true, token)
        },
        ["status.json"] = (_, page, view, _) => Task.FromResult<object>(new { page, status = StatuspageV2.Status(view) }),
        ["components.json"] = (_, page, view, _) => Task.FromResult<object>(new { page, components = StatuspageV2.Components(view) }),
        ["incidents.json"] = async (s, page, view, token) => new { page, incidents = V2Incidents(await s.RecentIncidents(Recent, token), view) },
        ["incidents/unresolved.json"] = async (s, page, view, token) => new { page, incidents = await Unresolved(s, view, token) },
        // Cancelled windows never happened, and Statuspage has no word for them: they are left out.
        ["scheduled-maintenances.json"] = async (s, page, view, token) => new
        {
            page, scheduled_maintenances = V2Maintenances(await s.RecentMaintenances(m => m.Status != MaintenanceStatus.Cancelled, Recent, token), view)
        },
        ["scheduled-maintenances/upcoming.json"] = async (s, page, view, token) =>
            new { page, scheduled_maintenances = await Open(s, view, m => m.Status == MaintenanceStatus.Scheduled, token) },
        ["scheduled-maintenances/active.json"] = async (s, page, view, token) =>
            new { page, scheduled_maintenances = await Open(s, view, m => m.Status != MaintenanceStatus.Scheduled, token) }
    };

    /// <param name="page">The page as the document names it, given the view (whose last change may be the page's).</param>
    public static async Task<byte[]> Render(ReadSide reads, string tenantId, Build build, Func<PageView, V2Page> page, CancellationToken token)
    {
        await using var tenant = reads.Store.LightweightSession(tenantId);
        var view = await tenant.LoadPageView(tenantId, token);
        return StatuspageV2.Serialize(await build(tenant, page(view), view, token));
    }

    private static async Task<IReadOnlyList<V2Incident>> Unresolved(IDocumentSession tenant, PageView view, CancellationToken token) =>
        V2Incidents(await tenant.OpenIncidents(view, token), view);

    private static async Task<IReadOnlyList<V2Incident>> Open(
        IDocumentSession tenant, PageView view, Func<PageMaintenance, bool> include, CancellationToken token) =>
        V2Maintenances(await tenant.OpenMaintenances(view, include, token), view);

    private static IReadOnlyList<V2Incident> V2Incidents(IEnumerable<IncidentTimeline> timelines, PageView view) =>
        timelines.Select(t => StatuspageV2.Incident(t, view)).ToList();

    private static IReadOnlyList<V2Incident> V2Maintenances(IEnumerable<MaintenanceTimeline> timelines, PageView view) =>
        timelines.Select(t => StatuspageV2.Maintenance(t, view)).ToList();
}
