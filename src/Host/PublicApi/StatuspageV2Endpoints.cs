using StatusPage.Application.Pages;
using StatusPage.Host.PublicPages;
using StatusPage.Projections.Pages;
using StatusPage.Projections.PublicApi;

namespace StatusPage.Host.PublicApi;

/// <summary>
/// Statuspage's public v2 API per page (<c>/{slug}/api/v2/…</c>, or <c>/api/v2/…</c> on a custom domain), each
/// document rendered once per change by <see cref="PublicDocuments"/>.
/// </summary>
public static class StatuspageV2Endpoints
{
    public static void MapStatuspageV2(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (document, build) in StatuspageV2Documents.All)
            endpoints.MapPublicDocument($"api/v2/{document}", "application/json; charset=utf-8", async (request, token) =>
                await StatuspageV2Documents.Render(request.Reads(), request.Page.TenantId, build,
                    view => Page(request.Page, view), token));
    }

    private static V2Page Page(PublicPage page, PageView view) => new(page.OrganizationId.ToString(), page.Name, page.Url, page.TimeZone,
        view.UpdatedAt > page.UpdatedAt ? view.UpdatedAt : page.UpdatedAt);
}
