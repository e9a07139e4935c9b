using Marten;
using StatusPage.Domain.Maintenances;
using StatusPage.Host.PublicPages;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;
using StatusPage.Projections.PublicApi;
using StatusPage.Projections;

namespace StatusPage.Host.PublicApi;

/// <summary>
/// Statuspage's public v2 API per page (<c>/{slug}/api/v2/…</c>, or <c>/api/v2/…</c> on a custom domain), each
/// document rendered once per change by <see cref="PublicDocuments"/>.
/// </summary>
public static class StatuspageV2Endpoints
{
    private const int Recent = 50;

    public static void MapStatuspageV2(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints, "summary.json", async (s, page, view, token) => new
        {
            page, status = StatuspageV2.Status(view), components = StatuspageV2.Components(view),
            incidents = await Unresolved(s, view, token), scheduled_maintenances = await Open(s, view, _ => true, token)
        });
        Map(endpoints, "status.json", (_, page, view, _) => Task.FromResult<object>(new { page, status = StatuspageV2.Status(view) }));
        Map(endpoints, "components.json", (_, page, view, _) => Task.FromResult<object>(new { page, components = StatuspageV2.Components(view) }));
        Map(endpoints, "incidents.json", async (s, page, view, token) => new { page, incidents = await RecentIncidents(s, view, token) });
        Map(endpoints, "incidents/unresolved.json", async (s, page, view, token) => new { page, incidents = await Unresolved(s, view, token) });
        Map(endpoints, "scheduled-maintenances.json", async (s, page, view, token) =>
            new { page, scheduled_maintenances = await RecentMaintenances(s, view, token) });
        Map(endpoints, "scheduled-maintenances/upcoming.json", async (s, page, view, token) =>
            new { page, scheduled_maintenances = await Open(s, view, m => m.Status == MaintenanceStatus.Scheduled, token) });
        Map(endpoints, "scheduled-maintenances/active.json", async (s, page, view, token) =>
            new { page, scheduled_maintenances = await Open(s, view, m => m.Status != MaintenanceStatus.Scheduled, token) });
    }

    private delegate Task<object> Build(IDocumentSession session, V2Page page, PageView view, CancellationToken token);

    private static void Map(IEndpointRouteBuilder endpoints, string document, Build build) =>
        endpoints.MapPublicDocument($"api/v2/{document}", "application/json; charset=utf-8", async (request, token) =>
        {
            await using var session = request.Services.GetRequiredService<IDocumentStore>().LightweightSession(request.Page.TenantId);
            var view = await session.LoadAsync<PageView>(request.Page.TenantId, token) ?? new PageView { Id = request.Page.TenantId };
            return StatuspageV2.Serialize(await build(session, Page(request.Page, view), view, token));
        });

    private static V2Page Page(PublicPage page, PageView view) => new(page.OrganizationId.ToString(), page.Name, page.Url, page.TimeZone,
        view.UpdatedAt > page.UpdatedAt ? view.UpdatedAt : page.UpdatedAt);

    /// <summary>Open incidents, newest first.</summary>
    private static async Task<IReadOnlyList<V2Incident>> Unresolved(IDocumentSession session, PageView view, CancellationToken token)
    {
        var open = view.OpenIncidents.Values.OrderByDescending(i => i.StartedAt).Select(i => i.Id).ToList();
        return (await session.Timelines<IncidentTimeline>(open, token)).Select(t => StatuspageV2.Incident(t, view)).ToList();
    }

    /// <summary>Windows on the page now (upcoming, in progress, verifying) that <paramref name="include"/> takes, soonest first.</summary>
    private static async Task<IReadOnlyList<V2Incident>> Open(
        IDocumentSession session, PageView view, Func<PageMaintenance, bool> include, CancellationToken token)
    {
        var open = view.OpenMaintenances.Values.Where(include).OrderBy(m => m.ScheduledFor).Select(m => m.Id).ToList();
        return (await session.Timelines<MaintenanceTimeline>(open, token)).Select(t => StatuspageV2.Maintenance(t, view)).ToList();
    }

    private static async Task<IReadOnlyList<V2Incident>> RecentIncidents(IDocumentSession session, PageView view, CancellationToken token)
    {
        var recent = await session.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt).Take(Recent).Select(i => i.Id).ToListAsync(token);
        return (await session.Timelines<IncidentTimeline>(recent, token)).Select(t => StatuspageV2.Incident(t, view)).ToList();
    }

    /// <summary>Cancelled windows never happened, and Statuspage has no word for them: they are left out.</summary>
    private static async Task<IReadOnlyList<V2Incident>> RecentMaintenances(IDocumentSession session, PageView view, CancellationToken token)
    {
        var recent = await session.Query<Maintenance>().Where(m => m.Status != MaintenanceStatus.Cancelled)
            .OrderByDescending(m => m.ScheduledFor).Take(Recent).Select(m => m.Id).ToListAsync(token);
        return (await session.Timelines<MaintenanceTimeline>(recent, token)).Select(t => StatuspageV2.Maintenance(t, view)).ToList();
    }
}
