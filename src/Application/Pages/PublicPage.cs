using System.Collections.Concurrent;
using System.Linq.Expressions;
using Microsoft.Extensions.Configuration;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Pages;

/// <summary>
/// The organization a public document is for, as readers address it: by slug, or by its custom domain.
/// <see cref="Url"/> is where readers find the page: the custom domain, else PUBLIC_URL/slug, so links and ids in
/// documents are the same whichever node or proxy a reader came through.
/// </summary>
public sealed record PublicPage(
    Guid OrganizationId, string Slug, string Name, string TimeZone, string? CustomDomain, string Url, DateTimeOffset UpdatedAt)
{
    public string Host => new Uri(Url).Host;

    public string TenantId => OrganizationId.ToString();

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <param name="publicUrl">PUBLIC_URL; the local default stands in when it is not set.</param>
    public static PublicPage For(Organization organization, string? publicUrl) => new(
        organization.Id, organization.Slug, organization.Name, organization.TimeZone, organization.CustomDomain,
        organization.CustomDomain is { } domain ? $"https://{domain}"
        : $"{(string.IsNullOrWhiteSpace(publicUrl) ? "http://127.0.0.1:5000" : publicUrl).TrimEnd('/')}/{organization.Slug}",
        organization.UpdatedAt);
}

/// <summary>
/// Finds public pages by slug or custom domain without a query per request: answers are remembered per node until
/// the organization changes. Unknown names are not remembered, so a page created a moment ago is found at once.
/// </summary>
public sealed class PublicPageDirectory(IDocumentStore store, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, PublicPage> _bySlug = new();
    private readonly ConcurrentDictionary<string, PublicPage> _byDomain = new();
    private readonly Lock _lock = new();
    private long _version;

    /// <summary>Remembered answers cost a dictionary read; only a miss builds a query.</summary>
    public ValueTask<PublicPage?> BySlug(string slug, CancellationToken token) =>
        _bySlug.TryGetValue(slug, out var known) ? ValueTask.FromResult<PublicPage?>(known)
        : new ValueTask<PublicPage?>(Load(_bySlug, slug, o => o.Slug == slug, token));

    /// <summary>Remembered by the domain the host names, not as spelled: a host written a thousand ways is one entry.</summary>
    public ValueTask<PublicPage?> ByDomain(string host, CancellationToken token) =>
        OrganizationRules.NormalizeDomain(host) is not { } domain ? ValueTask.FromResult<PublicPage?>(null)
        : _byDomain.TryGetValue(domain, out var known) ? ValueTask.FromResult<PublicPage?>(known)
        : new ValueTask<PublicPage?>(Load(_byDomain, domain, o => o.CustomDomain == domain, token));

    /// <summary>How many names (slugs and domains) this node remembers.</summary>
    public int Remembered => _bySlug.Count + _byDomain.Count;

    /// <summary>Forgets the organization's names; a lookup that raced with this is not remembered.</summary>
    public void Forget(Guid organizationId)
    {
        lock (_lock)
        {
            _version++;
            Remove(_bySlug, organizationId);
            Remove(_byDomain, organizationId);
        }
    }

    private async Task<PublicPage?> Load(
        ConcurrentDictionary<string, PublicPage> index, string key, Expression<Func<Organization, bool>> match,
        CancellationToken token)
    {
        long version;
        lock (_lock) version = _version;
        await using var session = store.QuerySession();
        var organization = await session.Query<Organization>().FirstOrDefaultAsync(match, token);
        if (organization is null) return null;
        var page = PublicPage.For(organization, configuration["PublicUrl"]);
        lock (_lock)
        {
            if (version == _version) index[key] = page;
        }

        return page;
    }

    private static void Remove(ConcurrentDictionary<string, PublicPage> index, Guid organizationId)
    {
        foreach (var (key, page) in index.ToList())
            if (page.OrganizationId == organizationId) index.TryRemove(key, out _);
    }
}
