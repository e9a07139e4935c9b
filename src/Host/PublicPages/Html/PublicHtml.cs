using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using StatusPage.Domain.Organizations;
using StatusPage.Projections.Incidents;

namespace StatusPage.Host.PublicPages.Html;

/// <summary>The server-rendered public pages: the status page, one incident, the incident history.</summary>
public static class PublicHtml
{
    private const int HistoryPageSize = 25;

    public static void MapPublicHtml(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{slug}", async (string slug, HttpContext http, IDocumentStore store, TimeProvider clock) =>
            await Organization(store, slug, http.RequestAborted) is { } organization
                ? await Render<StatusPageDocument>(http, new() { ["Model"] = await PublicPageModel.Load(store, organization, clock.GetUtcNow(), http.RequestAborted) })
                : NotFound(slug));

        endpoints.MapGet("/{slug}/incidents/{id:guid}", async (string slug, Guid id, HttpContext http, IDocumentStore store) =>
        {
            if (await Organization(store, slug, http.RequestAborted) is not { } organization) return NotFound(slug);
            await using var session = store.QuerySession(organization.Id.ToString());
            var incident = await session.Events.AggregateStreamAsync<IncidentTimeline>(id, token: http.RequestAborted);
            return incident is null
                ? Results.Content("<!DOCTYPE html><title>Not found</title><h1>No such incident</h1>", "text/html; charset=utf-8", statusCode: 404)
                : await Render<IncidentDocument>(http, new() { ["Organization"] = organization, ["Incident"] = incident, ["Zone"] = Zone(organization) });
        });

        endpoints.MapGet("/{slug}/history", async (string slug, int? page, HttpContext http, IDocumentStore store) =>
        {
            if (await Organization(store, slug, http.RequestAborted) is not { } organization) return NotFound(slug);
            var number = Math.Max(1, page ?? 1);
            await using var session = store.QuerySession(organization.Id.ToString());
            var incidents = await session.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt)
                .ToPagedListAsync(number, HistoryPageSize, http.RequestAborted);
            return await Render<HistoryDocument>(http, new()
            {
                ["Organization"] = organization, ["Incidents"] = incidents.ToList(), ["Zone"] = Zone(organization), ["Page"] = number,
                ["HasOlder"] = incidents.HasNextPage
            });
        });
    }

    private static async Task<Organization?> Organization(IDocumentStore store, string slug, CancellationToken token)
    {
        await using var session = store.QuerySession();
        return await session.Query<Organization>().FirstOrDefaultAsync(o => o.Slug == slug, token);
    }

    private static TimeZoneInfo Zone(Organization organization) => TimeZoneInfo.FindSystemTimeZoneById(organization.TimeZone);

    private static IResult NotFound(string slug) => Results.Content(
        $"<!DOCTYPE html><title>Not found</title><h1>No status page is called “{System.Net.WebUtility.HtmlEncode(slug)}”</h1>",
        "text/html; charset=utf-8", statusCode: 404);

    private static async Task<IResult> Render<T>(HttpContext http, Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
