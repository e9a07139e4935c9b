using System.Security.Cryptography;
using System.Text;

namespace StatusPage.Domain.Webhooks;

/// <summary>
/// Standard Webhooks 1.0 signing: <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), where the secret is
/// <c>whsec_</c> + base64(key). Receivers verify with any Standard Webhooks library.
/// </summary>
public static class WebhookSignatures
{
    private const string Prefix = "whsec_";

    /// <summary>A new secret over 32 random bytes (the standard allows 24 to 64).</summary>
    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The webhook-signature header: one signature per secret, space-separated, as receivers mid-rotation expect.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var signed = new List<string>();
        foreach (var secret in secrets) signed.Add("v1," + Sign(secret, messageId, timestamp, body));
        return string.Join(' ', signed);
    }

    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var head = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[head.Length + body.Length];
        head.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(head.Length));
        return Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }
}
