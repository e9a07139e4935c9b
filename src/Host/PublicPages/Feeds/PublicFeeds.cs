using Marten;
using StatusPage.Application.Http;
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
        endpoints.MapPublic("/{slug}/history.rss", async (page, tenant, _, token) =>
            Results.Bytes(IncidentFeed.Rss(page, await IncidentFeed.Load(tenant, token)), Rss));

        endpoints.MapPublic("/{slug}/history.atom", async (page, tenant, _, token) =>
            Results.Bytes(IncidentFeed.Atom(page, await IncidentFeed.Load(tenant, token)), Atom));

        endpoints.MapPublic("/{slug}/maintenance.ics", async (page, tenant, http, token) =>
        {
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            return Results.Bytes(MaintenanceCalendar.Render(page, await MaintenanceCalendar.Load(tenant, now, token)), Calendar);
        });

        endpoints.MapPublic("/{slug}/badge.svg", async (page, tenant, _, token) =>
            Results.Bytes(StatusBadge.ForPage(page, await tenant.LoadAsync<PageView>(page.TenantId, token)), Svg));

        endpoints.MapPublic("/{slug}/components/{id}/badge.svg", async (page, tenant, http, token) =>
        {
            var id = http.Request.RouteValues["id"] as string;
            var view = await tenant.LoadAsync<PageView>(page.TenantId, token);
            return Guid.TryParse(id, out var componentId) && view?.Components.GetValueOrDefault(componentId) is { } component
                ? Results.Bytes(StatusBadge.ForComponent(component), Svg)
                : Problems.Result(StatusCodes.Status404NotFound, "Not found", $"The status page '{page.Slug}' has no component {id}.");
        });
    }

    /// <summary>
    /// A route under a page's slug: unknown slugs answer 404, known ones get a session in the page's tenant. A document
    /// session, because Marten batches timeline folds (<c>FetchLatest</c>) only there; nothing is ever saved through it.
    /// </summary>
    private static void MapPublic(
        this IEndpointRouteBuilder endpoints, string pattern, Func<PublicPage, IDocumentSession, HttpContext, CancellationToken, Task<IResult>> serve) =>
        endpoints.MapGet(pattern, async (string slug, HttpContext http, IDocumentStore store) =>
        {
            await using var global = store.QuerySession();
            var page = await PublicPage.Find(slug, global, http);
            if (page is null) return Problems.Result(StatusCodes.Status404NotFound, "Not found", $"No status page is called '{slug}'.");
            await using var tenant = store.LightweightSession(page.TenantId);
            return await serve(page, tenant, http, http.RequestAborted);
        });

    /// <summary>Each stream folded into its timeline, all in one round trip; streams that turn out empty are left out.</summary>
    internal static async Task<IReadOnlyList<T>> Timelines<T>(this IDocumentSession tenant, IReadOnlyList<Guid> ids, CancellationToken token)
        where T : class
    {
        var batch = tenant.CreateBatchQuery();
        var timelines = ids.Select(id => batch.Events.FetchLatest<T>(id)).ToList();
        await batch.Execute(token);
        return (await Task.WhenAll(timelines)).OfType<T>().ToList();
    }
}
