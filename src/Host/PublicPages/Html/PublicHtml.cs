using Marten;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StatusPage.Domain.Maintenances;
using StatusPage.Projections.Incidents;

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
            var model = await PublicPageModel.Load(request.Services.GetRequiredService<IDocumentStore>(), request.Page, now, token);
            return await Render<StatusPageDocument>(request.Services, new() { ["Model"] = model });
        });

        endpoints.MapPublicDocument("incidents/{id:guid}", Html, async (request, token) =>
        {
            await using var session = request.Services.GetRequiredService<IDocumentStore>().QuerySession(request.Page.TenantId);
            var id = Guid.Parse((string)request.RouteValues["id"]!);
            var incident = await session.Events.AggregateStreamAsync<IncidentTimeline>(id, token: token);
            return incident is null
                ? null
                : await Render<IncidentDocument>(request.Services, new() { ["Organization"] = request.Page, ["Incident"] = incident, ["Zone"] = request.Page.Zone });
        });

        endpoints.MapPublicDocument("history", Html, (request, token) => History(request, 1, token));
        endpoints.MapPublicDocument("history/{page:int:min(1)}", Html, (request, token) =>
            History(request, int.Parse((string)request.RouteValues["page"]!), token));
    }

    /// <summary>
    /// Past incidents and ended maintenance windows, newest first, merged into pages of the same size. A page past
    /// the last is not there (404, and not remembered), but the first always is, even empty.
    /// </summary>
    private static async Task<byte[]?> History(PublicDocumentRequest request, int page, CancellationToken token)
    {
        await using var session = request.Services.GetRequiredService<IDocumentStore>().QuerySession(request.Page.TenantId);
        var ended = session.Query<Maintenance>().Where(m => m.Status == MaintenanceStatus.Completed || m.Status == MaintenanceStatus.Cancelled);
        var total = await session.Query<IncidentHistoryEntry>().CountAsync(token) + await ended.CountAsync(token);
        if (page > 1 && (long)(page - 1) * HistoryPageSize >= total) return null;
        var enough = page * HistoryPageSize + 1;
        var incidents = await session.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt).Take(enough).ToListAsync(token);
        var windows = await ended.OrderByDescending(m => m.ScheduledFor).Take(enough).ToListAsync(token);
        var entries = incidents.Select(HistoryEntry.Of).Concat(windows.Select(HistoryEntry.Of)).OrderByDescending(e => e.At).ToList();
        return await Render<HistoryDocument>(request.Services, new()
        {
            ["Organization"] = request.Page, ["Entries"] = entries.Skip((page - 1) * HistoryPageSize).Take(HistoryPageSize).ToList(),
            ["Zone"] = request.Page.Zone, ["Page"] = page, ["HasOlder"] = entries.Count > page * HistoryPageSize
        });
    }

    /// <summary>A component rendered to HTML outside any Blazor endpoint; the dashboard's pages are rendered the same way.</summary>
    public static async Task<byte[]> Render<T>(IServiceProvider services, Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return System.Text.Encoding.UTF8.GetBytes(html);
    }
}
