using System.Security.Cryptography;
using System.Text;

namespace StatusPage.Application.Access;

public static class ApiKeySecrets
{
    private const string Scheme = "sp_";

    /// <summary>A new key: 256 random bits, URL-safe, with a short prefix that lists can show to tell keys apart.</summary>
    public static (string Secret, string Prefix, string Hash) Generate()
    {
        var secret = Scheme + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (secret, secret[..10], Hash(secret));
    }

    public static bool LooksLikeKey(string token) => token.StartsWith(Scheme, StringComparison.Ordinal) && token.Length is > 20 and < 100;

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
