using Marten;
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
        endpoints.MapPublicDocument("history.rss", Rss, (request, token) =>
            Render(request, async tenant => IncidentFeed.Rss(request.Page, await IncidentFeed.Load(tenant, token))));

        endpoints.MapPublicDocument("history.atom", Atom, (request, token) =>
            Render(request, async tenant => IncidentFeed.Atom(request.Page, await IncidentFeed.Load(tenant, token))));

        endpoints.MapPublicDocument("maintenance.ics", Calendar, (request, token) => Render(request, async tenant =>
        {
            var now = request.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            return MaintenanceCalendar.Render(request.Page, await MaintenanceCalendar.Load(tenant, now, token));
        }));

        endpoints.MapPublicDocument("badge.svg", Svg, (request, token) => Render(request, async tenant =>
            StatusBadge.ForPage(request.Page, await tenant.LoadAsync<PageView>(request.Page.TenantId, token))));

        endpoints.MapPublicDocument("components/{id}/badge.svg", Svg, (request, token) => Render(request, async tenant =>
        {
            var view = await tenant.LoadAsync<PageView>(request.Page.TenantId, token);
            return Guid.TryParse(request.RouteValues["id"] as string, out var componentId)
                   && view?.Components.GetValueOrDefault(componentId) is { } component
                ? StatusBadge.ForComponent(component)
                : null;
        }));
    }

    /// <summary>
    /// A document rendered from a session in the page's tenant. A document session, because Marten batches timeline
    /// folds (<c>FetchLatest</c>) only there; nothing is ever saved through it.
    /// </summary>
    private static async Task<byte[]?> Render(PublicDocumentRequest request, Func<IDocumentSession, Task<byte[]?>> render)
    {
        await using var tenant = request.Services.GetRequiredService<IDocumentStore>().LightweightSession(request.Page.TenantId);
        return await render(tenant);
    }
}
