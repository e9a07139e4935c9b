using StatusPage.Projections;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// The public, unauthenticated documents of a status page beside the page itself: incident feeds, the maintenance
/// calendar and status badges. Each endpoint only loads what its document is rendered from, so the rendering can
/// be cached once per change.
/// </summary>
public static class PublicFeeds
{
    public const string Rss = "application/rss+xml; charset=utf-8";
    public const string Atom = "application/atom+xml; charset=utf-8";
    public const string Calendar = "text/calendar; charset=utf-8";
    public const string Svg = "image/svg+xml; charset=utf-8";

    public static void MapPublicFeeds(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPublicDocument("history.rss", Rss, async (request, token) =>
            IncidentFeed.Rss(request.Page, await request.Reads().RecentIncidents(request.Page.TenantId, IncidentFeed.Size, token)));

        endpoints.MapPublicDocument("history.atom", Atom, async (request, token) =>
            IncidentFeed.Atom(request.Page, await request.Reads().RecentIncidents(request.Page.TenantId, IncidentFeed.Size, token)));

        endpoints.MapPublicDocument("maintenance.ics", Calendar, async (request, token) =>
        {
            var now = request.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            return MaintenanceCalendar.Render(request.Page, await CalendarWindows.Load(request.Reads(), request.Page.TenantId, now, token));
        });

        endpoints.MapPublicDocument("badge.svg", Svg, async (request, token) =>
            StatusBadge.ForPage(request.Page, await request.Reads().LoadPageView(request.Page.TenantId, token)));

        endpoints.MapPublicDocument("components/{id}/badge.svg", Svg, async (request, token) =>
            Guid.TryParse(request.RouteValues["id"] as string, out var componentId)
            && (await request.Reads().LoadPageView(request.Page.TenantId, token)).Components.GetValueOrDefault(componentId) is { } component
                ? StatusBadge.ForComponent(component)
                : null);
    }
}
