using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace StatusPage.Application.Subscribers;

public enum TokenPurpose
{
    Verify,
    Manage
}

/// <summary>
/// A link handed to one subscriber, stored as the SHA-256 of its secret. Global, not per organization: a link names no
/// organization, the token says which one it belongs to.
/// </summary>
public sealed class SubscriberToken
{
    public string Id { get; set; } = "";
    public Guid OrganizationId { get; set; }
    public Guid SubscriberId { get; set; }
    public TokenPurpose Purpose { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>
    /// A manage link's secret under Data Protection: every mail carries the same link, so it must be readable again, but
    /// not by someone who holds only a copy of the documents.
    /// </summary>
    public string? Sealed { get; set; }
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

/// <summary>
/// One manage link per subscriber, the same in every mail, instead of a new stored token per mail (which grew the table
/// by one row per recipient and notice).
/// </summary>
public sealed class ManageLinks(IDocumentStore store, IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("StatusPage.Subscribers.ManageLink");

    /// <summary>
    /// Each subscriber's manage secret, made and stored for those who have none yet, so that every link works the moment
    /// a mail carrying it arrives. Two batches making a subscriber's first link at once leave two that both work; the
    /// lower id is the one used from then on.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> For(Guid organizationId, IReadOnlyCollection<Guid> subscriberIds, CancellationToken token)
    {
        await using var session = store.LightweightSession();
        var links = (await session.Query<SubscriberToken>()
                .Where(t => t.SubscriberId.IsOneOf(subscriberIds.ToArray()) && t.Purpose == TokenPurpose.Manage && t.Sealed != null)
                .ToListAsync(token))
            .GroupBy(t => t.SubscriberId)
            .ToDictionary(g => g.Key, g => _protector.Unprotect(g.MinBy(t => t.Id)!.Sealed!));
        foreach (var subscriberId in subscriberIds.Where(id => !links.ContainsKey(id)))
        {
            var (secret, stored) = SubscriberTokens.Issue(organizationId, subscriberId, TokenPurpose.Manage, null);
            stored.Sealed = _protector.Protect(secret);
            session.Store(stored);
            links[subscriberId] = secret;
        }

        await session.SaveChangesAsync(token);
        return links;
    }
}
