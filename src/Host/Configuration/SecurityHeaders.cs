using Scalar.AspNetCore;

namespace StatusPage.Host.Configuration;

/// <summary>
/// The headers every answer gets as it starts, whichever endpoint (or cache) wrote it: no content sniffing, HSTS when
/// the public address is https, and on HTML a Content Security Policy that allows no inline script or style, and a
/// referrer policy. Pages refuse to be framed unless their endpoint says it <see cref="MayBeFramed{T}"/> (the public
/// pages, which sites embed); a page whose address holds a secret (<see cref="AddressHoldsSecret{T}"/>) sends no
/// Referer at all, so the secret stays out of other sites' logs.
/// </summary>
public static class SecurityHeaders
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; " +
        // Operators' markdown may show images from their own sites; the sanitizer lets through only http(s) ones.
        "img-src 'self' https:";

    private const string Unframed = Policy + "; frame-ancestors 'none'";

    private sealed class Frameable;

    private sealed class SecretAddress;

    public static TBuilder MayBeFramed<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Frameable());

    public static TBuilder AddressHoldsSecret<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretAddress());

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var https = Uri.TryCreate(configuration["PublicUrl"], UriKind.Absolute, out var publicUrl) && publicUrl.Scheme == Uri.UriSchemeHttps;
        var headers = new Headers(https);
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(headers.Add, http);
            return next(http);
        });
    }

    private sealed class Headers(bool https)
    {
        public Task Add(object state)
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // Custom domains are included: over plain http, browsers ignore the header, so it binds only what TLS serves.
            if (https) headers.StrictTransportSecurity = "max-age=31536000";
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true) return Task.CompletedTask;
            var endpoint = http.GetEndpoint();
            headers["Referrer-Policy"] = endpoint?.Metadata.GetMetadata<SecretAddress>() is null ? "strict-origin-when-cross-origin" : "no-referrer";
            headers.ContentSecurityPolicy = endpoint?.Metadata.GetMetadata<Frameable>() is null ? Unframed : Policy;
            // The API reference (Scalar) runs inline scripts carrying a fresh nonce, and its interface sets inline
            // styles as it draws: that page alone gets both. It shows only the OpenAPI document, no one's content.
            // (Its bundle also tries eval, which stays refused: the page works without.)
            if (http.Items[ScalarOptions.NonceHttpContextItemKey] is string nonce)
                headers.ContentSecurityPolicy = Unframed.Replace("script-src 'self'", $"script-src 'self' 'nonce-{nonce}'")
                    .Replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
            return Task.CompletedTask;
        }
    }
}
