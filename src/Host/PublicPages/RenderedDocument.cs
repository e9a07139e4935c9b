using System.IO.Compression;
using System.Security.Cryptography;

namespace StatusPage.Host.PublicPages;

/// <summary>
/// A public document as it is sent: the bytes, compressed once with gzip and brotli, and a strong validator (a hash
/// of the bytes). Each encoding has its own ETag, as RFC 9110 asks of strong validators, sharing the hash.
/// </summary>
public sealed class RenderedDocument
{
    private RenderedDocument(byte[] identity, string hash, DateTimeOffset renderedAt)
    {
        Identity = identity;
        Hash = hash;
        RenderedAt = renderedAt;
        Gzip = Compress(identity);
        Brotli = CompressBrotli(identity);
        _etags = [$"\"{hash}\"", $"\"{hash}-gzip\"", $"\"{hash}-br\""];
    }

    /// <summary>Made once, so that answering costs no string building.</summary>
    private readonly string[] _etags;

    public byte[] Identity { get; }
    public byte[] Gzip { get; }
    public byte[] Brotli { get; }
    public string Hash { get; }

    public DateTimeOffset RenderedAt { get; }

    /// <summary>What it holds in memory, in all its encodings.</summary>
    public long Bytes => Identity.Length + Gzip.Length + Brotli.Length;

    public static RenderedDocument From(byte[] bytes, DateTimeOffset renderedAt) =>
        new(bytes, Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)), renderedAt);

    public (byte[] Body, string? Encoding, string ETag) For(PublicEncoding encoding) => encoding switch
    {
        PublicEncoding.Brotli => (Brotli, "br", _etags[2]),
        PublicEncoding.Gzip => (Gzip, "gzip", _etags[1]),
        _ => (Identity, null, _etags[0])
    };

    /// <summary>Any of this document's tags (or *) in If-None-Match: the reader already has these bytes in some encoding.</summary>
    public bool Matches(string ifNoneMatch) => ifNoneMatch.Length > 0 && (ifNoneMatch.Contains(Hash, StringComparison.Ordinal) || ifNoneMatch.Trim() == "*");

    /// <summary>The answer to GET or HEAD: the encoding the reader takes, or 304 when it already has these bytes.</summary>
    public async Task Send(HttpContext http, string contentType, string cacheControl)
    {
        var response = http.Response;
        var (body, encoding, etag) = For(AcceptEncoding.Choose(http.Request.Headers.AcceptEncoding.ToString()));
        response.Headers.CacheControl = cacheControl;
        response.Headers.Vary = "Accept-Encoding";
        response.Headers.ETag = etag;
        if (Matches(http.Request.Headers.IfNoneMatch.ToString()))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = contentType;
        if (encoding is not null) response.Headers.ContentEncoding = encoding;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(http.Request.Method)) await response.Body.WriteAsync(body, http.RequestAborted);
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var stream = new GZipStream(output, CompressionLevel.Optimal)) stream.Write(bytes);
        return output.ToArray();
    }

    /// <summary>
    /// Quality 6, not the smallest (11): a page of 500 components took 0.8 s to compress at 11 on every change, which
    /// readers waited for, while 6 takes a fiftieth of that for a few percent more bytes (bench/README.md).
    /// </summary>
    private static byte[] CompressBrotli(byte[] bytes)
    {
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!BrotliEncoder.TryCompress(bytes, output, out var written, quality: 6, window: 22))
            throw new InvalidOperationException("Brotli could not compress a public document into its maximum size.");
        return output[..written];
    }
}

public enum PublicEncoding
{
    Identity,
    Gzip,
    Brotli
}

public static class AcceptEncoding
{
    /// <summary>Brotli when the reader takes it, else gzip, else the plain bytes; a coding with q=0 is refused.</summary>
    public static PublicEncoding Choose(string header)
    {
        var (brotli, gzip) = (false, false);
        var span = header.AsSpan();
        foreach (var range in span.Split(','))
        {
            var item = span[range];
            var semicolon = item.IndexOf(';');
            var name = (semicolon < 0 ? item : item[..semicolon]).Trim();
            if (semicolon >= 0 && Refused(item[(semicolon + 1)..])) continue;
            if (name.Equals("br", StringComparison.OrdinalIgnoreCase)) brotli = true;
            else if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase)) gzip = true;
        }

        return brotli ? PublicEncoding.Brotli : gzip ? PublicEncoding.Gzip : PublicEncoding.Identity;
    }

    private static bool Refused(ReadOnlySpan<char> parameters)
    {
        var q = parameters.Trim();
        return q.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
               && double.TryParse(q[2..], System.Globalization.CultureInfo.InvariantCulture, out var weight) && weight <= 0;
    }
}
