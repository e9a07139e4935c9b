using System.Text.RegularExpressions;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Organizations;

public sealed record OrganizationCreated(Guid OrganizationId, string Name, string Slug, string TimeZone, DateTimeOffset At);

public sealed class Organization
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static Organization Create(OrganizationCreated e) => new()
    {
        Id = e.OrganizationId, Name = e.Name, Slug = e.Slug, TimeZone = e.TimeZone, CreatedAt = e.At, UpdatedAt = e.At
    };
}

public static partial class OrganizationRules
{
    /// <summary>Slugs become the first path segment of public pages, so the host's own top-level routes are taken.</summary>
    private static readonly HashSet<string> Reserved =
        ["api", "dashboard", "health", "openapi", "scalar", "static", "assets", "unsubscribe", "subscribe", "login", "logout", "admin"];

    public static Outcome Create(Guid organizationId, string? name, string? slug, string? timeZone, bool slugTaken, DateTimeOffset now)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        var rejection = Text.FirstOf(Text.Name(name), Slug(slug), TimeZone(zone));
        if (rejection is not null) return new Outcome([], rejection);
        if (slugTaken) return Outcome.Conflict($"The slug '{slug}' is already taken.");
        return Outcome.Accept(new OrganizationCreated(organizationId, name!.Trim(), slug!, zone, now));
    }

    public static Rejection? Slug(string? slug) =>
        slug is null || !SlugPattern().IsMatch(slug)
            ? new Rejection(RejectionKind.Invalid, "'slug' must be 2 to 63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.")
        : Reserved.Contains(slug) ? new Rejection(RejectionKind.Invalid, $"The slug '{slug}' is reserved.")
        : null;

    private static Rejection? TimeZone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
            ? null
            : new Rejection(RejectionKind.Invalid, $"'{zone}' is not a known IANA time zone.");

    [GeneratedRegex("^(?=.{2,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
