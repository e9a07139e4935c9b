using Microsoft.Extensions.Caching.Memory;
using StatusPage.Domain.ApiKeys;

namespace StatusPage.Application.Access;

/// <summary>What authentication needs to know of a key, found by the hash of its secret.</summary>
public sealed record ApiKeyCredential(Guid KeyId, Guid OrganizationId, Role Role, bool Revoked);

/// <summary>
/// Finds keys by secret hash, remembering each answer for a few seconds: every API request authenticates, and
/// a database round trip per request would cost more than most commands do. Revoking a key forgets it at once
/// on the node that revoked it; other nodes stop accepting it within <see cref="Memory"/>.
/// </summary>
public sealed class ApiKeyDirectory(IDocumentStore store, IMemoryCache cache)
{
    public static readonly TimeSpan Memory = TimeSpan.FromSeconds(10);

    public async Task<ApiKeyCredential?> Find(string secretHash, CancellationToken token)
    {
        if (cache.TryGetValue(secretHash, out ApiKeyCredential? known)) return known;

        await using var session = store.QuerySession();
        var key = await session.Query<ApiKey>().FirstOrDefaultAsync(k => k.SecretHash == secretHash, token);
        var credential = key is null ? null : new ApiKeyCredential(key.Id, key.OrganizationId, key.Role, key.Revoked);
        cache.Set(secretHash, credential, Memory);
        return credential;
    }

    public void Forget(string secretHash) => cache.Remove(secretHash);
}
