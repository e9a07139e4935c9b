using Marten;
using StatusPage.Domain.Organizations;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// The status page a public document is about, and the address its links start from: <c>PUBLIC_URL</c> when the
/// operator set one, so links and ids stay the same whichever node or proxy a reader came through; else the request's.
/// </summary>
public sealed record PublicPage(Guid OrganizationId, string Slug, string Name, string Url, DateTimeOffset UpdatedAt)
{
    public string Host => new Uri(Url).Host;

    public string TenantId => OrganizationId.ToString();

    public static async Task<PublicPage?> Find(string slug, IQuerySession session, HttpContext http)
    {
        var organization = await session.Query<Organization>().FirstOrDefaultAsync(o => o.Slug == slug, http.RequestAborted);
        return organization is null ? null : For(organization, http);
    }

    public static PublicPage For(Organization organization, HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IConfiguration>()["PublicUrl"];
        var root = string.IsNullOrWhiteSpace(configured)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : configured.TrimEnd('/');
        return new PublicPage(organization.Id, organization.Slug, organization.Name, $"{root}/{organization.Slug}", organization.UpdatedAt);
    }
}
