using System.Collections.Frozen;
using StatusPage.Application.Http;
using StatusPage.Host.PublicPages;

namespace StatusPage.Host.Assets;

/// <summary>
/// The pages' scripts and style sheets, embedded in the assembly so that no page needs inline code (the Content
/// Security Policy allows none). They are served at <c>/assets/{name}</c> on every host, custom domains too, under
/// names that carry a hash of their content: browsers and proxies keep them for a year, and a release that changes
/// one makes its pages ask for a new name.
/// </summary>
public static class PageAssets
{
    private const string Prefix = "assets/";

    /// <summary>Nothing under a hashed name ever changes.</summary>
    private const string CacheControl = "public, max-age=31536000, immutable";

    /// <param name="File">As named under src/Host/Assets.</param>
    /// <param name="Name">As served: the file's name with the hash of its content.</param>
    private sealed record Asset(string File, string Name, string ContentType, RenderedDocument Document);

    private static readonly Asset[] All = Load().ToArray();

    private static readonly FrozenDictionary<string, Asset> ByName = All.ToFrozenDictionary(a => a.Name);

    private static readonly FrozenDictionary<string, string> Urls = All.ToFrozenDictionary(a => a.File, a => "/" + Prefix + a.Name);

    /// <summary>Where a page finds <paramref name="file"/> (as named under src/Host/Assets) in this release.</summary>
    public static string Url(string file) => Urls[file];

    public static void MapPageAssets(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods("/assets/{name}", [HttpMethods.Get, HttpMethods.Head], (HttpContext http, string name) =>
            ByName.TryGetValue(name, out var asset)
                ? asset.Document.Send(http, asset.ContentType, CacheControl)
                : Problems.Write(http, StatusCodes.Status404NotFound, "Not found", $"There is no asset called '{name}'."))
            .ExcludeFromDescription();

    private static IEnumerable<Asset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            var document = RenderedDocument.From(bytes.ToArray(), DateTimeOffset.UnixEpoch);
            var file = resource[Prefix.Length..];
            var extension = Path.GetExtension(file);
            var contentType = extension == ".js" ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            yield return new Asset(file, $"{Path.GetFileNameWithoutExtension(file)}.{document.Hash[..12]}{extension}", contentType, document);
        }
    }
}
