using System.Globalization;
using System.Net;
using StatusPage.Application.Http;
using StatusPage.Application.Pages;
using StatusPage.Host.Configuration;
using StatusPage.Projections;

namespace StatusPage.Host.PublicPages;

/// <summary>
/// Maps a public document at <c>/{slug}/{path}</c> and, for requests whose Host is a page's custom domain, at
/// <c>/{path}</c>; both answer from <see cref="PublicDocuments"/>. Readers get precompressed bytes by Accept-Encoding,
/// a strong ETag (304 on If-None-Match), a short shared cache lifetime, and CORS open to every origin.
/// </summary>
public static class PublicDocumentEndpoints
{
    /// <summary>Browsers and proxies may reuse an answer for 5 s, and for 30 s more while they fetch a new one.</summary>
    private const string CacheControl = "public, max-age=5, stale-while-revalidate=30";

    public static IServiceCollection AddPublicDocuments(this IServiceCollection services) => services
        .AddSingleton<PublicPageDirectory>()
        .AddSingleton<ReadModelProgress>()
        .AddSingleton<PublicDocuments>();

    /// <param name="path">Below the page, without a leading slash ("" for the page itself); may hold route parameters.</param>
    public static void MapPublicDocument(this IEndpointRouteBuilder endpoints, string path, string contentType, RenderPublicDocument render)
    {
        string[] methods = [HttpMethods.Get, HttpMethods.Head];
        endpoints.MapMethods(path.Length == 0 ? "/{slug}" : $"/{{slug}}/{path}", methods, async (HttpContext http, string slug) =>
        {
            var page = await http.RequestServices.GetRequiredService<PublicPageDirectory>().BySlug(slug, http.RequestAborted);
            await Answer(http, page, path, contentType, render, $"No status page is called '{slug}'.");
        }).MayBeFramed();
        endpoints.MapMethods($"/{path}", methods, async (HttpContext http) =>
        {
            var host = http.Request.Host.Host;
            var page = await http.RequestServices.GetRequiredService<PublicPageDirectory>().ByDomain(host, http.RequestAborted);
            await Answer(http, page, path, contentType, render, $"No status page answers on '{host}'.");
        }).MayBeFramed();
    }

    private static readonly RouteValueDictionary None = new();

    /// <summary>
    /// The document's own route values (not the slug: the page is known) make its key, each in one spelling, so that
    /// <c>history/007</c> or an upper-case id is the same document rather than another one to remember.
    /// </summary>
    private static (string Key, RouteValueDictionary Values) Key(RouteValueDictionary route, string path)
    {
        if (route.Count == 0 || route.Count == 1 && route.ContainsKey("slug")) return (path, None);
        var values = new RouteValueDictionary(route);
        values.Remove("slug");
        return ($"{path}?{string.Join('&', values.OrderBy(v => v.Key).Select(v => $"{v.Key}={Canonical(v.Value)}"))}", values);
    }

    private static string? Canonical(object? value) => value switch
    {
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) =>
            number.ToString(CultureInfo.InvariantCulture),
        string text when Guid.TryParse(text, out var id) => id.ToString(),
        _ => value?.ToString()
    };

    private static async Task Answer(
        HttpContext http, PublicPage? page, string path, string contentType, RenderPublicDocument render, string notFound)
    {
        var response = http.Response;
        response.Headers.AccessControlAllowOrigin = "*";
        if (page is null)
        {
            await NotFound(http, contentType, notFound);
            return;
        }

        var (key, routeValues) = Key(http.Request.RouteValues, path);
        var document = await http.RequestServices.GetRequiredService<PublicDocuments>().Get(page, key, routeValues, render)
            .WaitAsync(http.RequestAborted);
        if (document is null)
        {
            await NotFound(http, contentType, $"'{http.Request.Path}' does not exist on this status page.");
            return;
        }

        await document.Send(http, contentType, CacheControl);
    }

    /// <summary>Readers of a page get a page that says so; programs get ProblemDetails.</summary>
    private static async Task NotFound(HttpContext http, string contentType, string detail)
    {
        if (!contentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            await Problems.Write(http, StatusCodes.Status404NotFound, "Not found", detail);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = contentType;
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><title>Not found</title><h1>Not found</h1><p>{WebUtility.HtmlEncode(detail)}</p></html>",
            http.RequestAborted);
    }
}
