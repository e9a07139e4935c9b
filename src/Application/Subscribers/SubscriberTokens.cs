using System.Security.Cryptography;
using System.Text;
using Marten;

namespace StatusPage.Application.Subscribers;

public enum TokenPurpose
{
    Verify,
    Manage
}

/// <summary>
/// A link handed to one subscriber, stored only as the SHA-256 of its secret. Global, not per organization: a link
/// names no organization, the token says which one it belongs to.
/// </summary>
public sealed class SubscriberToken
{
    public string Id { get; set; } = "";
    public Guid OrganizationId { get; set; }
    public Guid SubscriberId { get; set; }
    public TokenPurpose Purpose { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

public static class SubscriberTokens
{
    /// <summary>A fresh 192-bit secret for the link and the record that stores its hash.</summary>
    public static (string Secret, SubscriberToken Stored) Issue(Guid organizationId, Guid subscriberId, TokenPurpose purpose, DateTimeOffset? expiresAt)
    {
        var secret = Base64Url(RandomNumberGenerator.GetBytes(24));
        return (secret, new SubscriberToken
        {
            Id = Hash(secret), OrganizationId = organizationId, SubscriberId = subscriberId, Purpose = purpose, ExpiresAt = expiresAt
        });
    }

    /// <summary>The token a link carries, if it is one of ours, for this purpose and not expired; anything else is null.</summary>
    public static async Task<SubscriberToken?> Find(IQuerySession session, string? secret, TokenPurpose purpose, DateTimeOffset now, CancellationToken token)
    {
        if (secret is not { Length: 32 }) return null;
        var stored = await session.LoadAsync<SubscriberToken>(Hash(secret), token);
        return stored is not null && stored.Purpose == purpose && (stored.ExpiresAt is null || stored.ExpiresAt > now) ? stored : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
