using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StatusPage.Application.Pages;
using StatusPage.Projections;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Pages;

namespace StatusPage.Host.PublicPages.Html;

/// <summary>The server-rendered public pages, each rendered once per change: the status page, one incident, the history.</summary>
public static class PublicHtml
{
    private const string Html = "text/html; charset=utf-8";
    private const int HistoryPageSize = 25;

    public static void MapPublicHtml(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPublicDocument("", Html, async (request, token) =>
        {
            var now = request.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var model = await PublicPageModel.Load(request.Reads(), request.Page, now, token);
            return await Render<StatusPageDocument>(request.Services, new() { ["Model"] = model });
        });

        endpoints.MapPublicDocument("incidents/{id:guid}", Html, async (request, token) =>
        {
            var id = Guid.Parse((string)request.RouteValues["id"]!);
            return await request.Reads().Timeline<IncidentTimeline>(request.Page.TenantId, id, token) is { } incident
                ? await Render<IncidentDocument>(request.Services, new() { ["Organization"] = request.Page, ["Incident"] = incident, ["Zone"] = request.Page.Zone })
                : null;
        });

        endpoints.MapPublicDocument("history", Html, (request, token) => History(request, 1, token));
        endpoints.MapPublicDocument("history/{page:int:min(1)}", Html, (request, token) =>
            History(request, int.Parse((string)request.RouteValues["page"]!), token));
    }

    /// <summary>A page past the last is not there (404, and not remembered).</summary>
    private static async Task<byte[]?> History(PublicDocumentRequest request, int page, CancellationToken token) =>
        await PublicHistory.Page(request.Reads(), request.Page.TenantId, page, HistoryPageSize, token) is { } history
            ? await Render<HistoryDocument>(request.Services, new()
            {
                ["Organization"] = request.Page, ["Entries"] = history.Entries, ["Zone"] = request.Page.Zone, ["Page"] = page,
                ["HasOlder"] = history.HasOlder
            })
            : null;

    /// <summary>A component rendered to HTML outside any Blazor endpoint; the dashboard's pages are rendered the same way.</summary>
    public static async Task<byte[]> Render<T>(IServiceProvider services, Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return System.Text.Encoding.UTF8.GetBytes(html);
    }
}
