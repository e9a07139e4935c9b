using System.Net;
using System.Text.RegularExpressions;
using StatusPage.Domain.Components;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Organizations;

public sealed record OrganizationCreated(Guid OrganizationId, string Name, string Slug, string TimeZone, DateTimeOffset At);

public sealed record OrganizationRenamed(Guid OrganizationId, string OldName, string NewName, DateTimeOffset At) : IOrganizationEvent;

public sealed record OrganizationSlugChanged(Guid OrganizationId, string OldSlug, string NewSlug, DateTimeOffset At) : IOrganizationEvent;

public sealed record OrganizationTimeZoneChanged(Guid OrganizationId, string OldTimeZone, string NewTimeZone, DateTimeOffset At) : IOrganizationEvent;

/// <summary>The host name the public page also answers on; null when there is none (before or after).</summary>
public sealed record OrganizationCustomDomainChanged(Guid OrganizationId, string? OldCustomDomain, string? NewCustomDomain, DateTimeOffset At) : IOrganizationEvent;

/// <summary>Below this uptime % over a UTC day, a component raises an <see cref="UptimeAlertRaised"/>.</summary>
public sealed record OrganizationUptimeAlertThresholdChanged(Guid OrganizationId, double OldThreshold, double NewThreshold, DateTimeOffset At);

public sealed record OrganizationNotificationPreferencesChanged(
    Guid OrganizationId, NotificationPreferences OldPreferences, NotificationPreferences NewPreferences, DateTimeOffset At);

public sealed class Organization : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string TimeZone { get; set; } = "UTC";
    public string? CustomDomain { get; set; }
    public double UptimeAlertThreshold { get; set; } = UptimeAlerts.DefaultThreshold;
    public NotificationPreferences NotificationPreferences { get; set; } = NotificationPreferences.Default;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public static Organization Create(OrganizationCreated e) => new()
    {
        Id = e.OrganizationId, Name = e.Name, Slug = e.Slug, TimeZone = e.TimeZone, CreatedAt = e.At, UpdatedAt = e.At
    };

    public void Apply(OrganizationRenamed e) => (Name, UpdatedAt) = (e.NewName, e.At);

    public void Apply(OrganizationSlugChanged e) => (Slug, UpdatedAt) = (e.NewSlug, e.At);

    public void Apply(OrganizationTimeZoneChanged e) => (TimeZone, UpdatedAt) = (e.NewTimeZone, e.At);

    public void Apply(OrganizationCustomDomainChanged e) => (CustomDomain, UpdatedAt) = (e.NewCustomDomain, e.At);

    public void Apply(OrganizationUptimeAlertThresholdChanged e) => (UptimeAlertThreshold, UpdatedAt) = (e.NewThreshold, e.At);

    public void Apply(OrganizationNotificationPreferencesChanged e) => (NotificationPreferences, UpdatedAt) = (e.NewPreferences, e.At);
}

/// <summary>What an owner asks to change; null means "leave as it is", except that a set custom domain of null removes it.</summary>
public sealed record OrganizationChanges(
    string? Name = null,
    string? Slug = null,
    string? TimeZone = null,
    bool ChangeCustomDomain = false,
    string? CustomDomain = null,
    double? UptimeAlertThreshold = null,
    NotificationPreferencesPatch? NotificationPreferences = null);

public static partial class OrganizationRules
{
    /// <summary>
    /// Slugs become the first path segment of public pages, so the host's own top-level routes are taken (a test walks
    /// the routes), and so are the words of a page's own paths, which would read as another page's.
    /// </summary>
    private static readonly HashSet<string> Reserved =
    [
        "api", "dashboard", "health", "metrics", "openapi", "scalar", "static", "assets", "unsubscribe", "subscribe", "login", "logout",
        "admin", "account", "invitations", "forgot-password", "reset-password", "password-reset", "sign-in", "sign-out", "history",
        "incidents", "components", "maintenance", "stream", "feed", "push"
    ];

    public static Outcome Create(Guid organizationId, string? name, string? slug, string? timeZone, bool slugTaken, DateTimeOffset now)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim();
        var rejection = Text.FirstOf(Text.Name(name), Slug(slug), TimeZone(zone));
        if (rejection is not null) return new Outcome([], rejection);
        if (slugTaken) return Outcome.Conflict($"The slug '{slug}' is already taken.");
        return Outcome.Accept(new OrganizationCreated(organizationId, name!.Trim(), slug!, zone, now));
    }

    /// <summary>
    /// One event per setting that really changes. Slug and custom domain must be unique across organizations:
    /// <paramref name="slugTaken"/> and <paramref name="domainTaken"/> say whether another organization holds the asked ones.
    /// <paramref name="instanceHost"/> (PUBLIC_URL's host) is never a custom domain: it serves the dashboard and every page.
    /// </summary>
    public static Outcome Change(
        Organization organization, OrganizationChanges changes, bool slugTaken, bool domainTaken, DateTimeOffset now, string? instanceHost = null)
    {
        var domain = changes.ChangeCustomDomain ? NormalizeDomain(changes.CustomDomain) : organization.CustomDomain;
        var rejection = Text.FirstOf(
            changes.Name is null ? null : Text.Name(changes.Name),
            changes.Slug is null ? null : Slug(changes.Slug),
            changes.TimeZone is null ? null : TimeZone(changes.TimeZone.Trim()),
            changes.ChangeCustomDomain && domain is not null ? CustomDomain(domain) : null,
            changes.UptimeAlertThreshold is { } threshold ? UptimeAlerts.Threshold(threshold) : null,
            changes.NotificationPreferences?.Problem());
        if (rejection is not null) return new Outcome([], rejection);
        if (changes.Slug is { } asked && asked != organization.Slug && slugTaken)
            return Outcome.Conflict($"The slug '{asked}' is already taken.");
        if (domain is not null && string.Equals(domain, NormalizeDomain(instanceHost), StringComparison.Ordinal))
            return new Outcome([], Rejection.Invalid("customDomain", $"'customDomain' '{domain}' is this instance's own host (PUBLIC_URL), which no status page can take."));
        if (domain is not null && domain != organization.CustomDomain && domainTaken)
            return Outcome.Conflict($"The custom domain '{domain}' is already used by another status page.");

        var id = organization.Id;
        var events = new List<object>();
        if (changes.Name?.Trim() is { } name && name != organization.Name) events.Add(new OrganizationRenamed(id, organization.Name, name, now));
        if (changes.Slug is { } slug && slug != organization.Slug) events.Add(new OrganizationSlugChanged(id, organization.Slug, slug, now));
        if (changes.TimeZone?.Trim() is { } zone && zone != organization.TimeZone)
            events.Add(new OrganizationTimeZoneChanged(id, organization.TimeZone, zone, now));
        if (domain != organization.CustomDomain) events.Add(new OrganizationCustomDomainChanged(id, organization.CustomDomain, domain, now));
        if (changes.UptimeAlertThreshold is { } alertBelow && alertBelow != organization.UptimeAlertThreshold)
            events.Add(new OrganizationUptimeAlertThresholdChanged(id, organization.UptimeAlertThreshold, alertBelow, now));
        if (changes.NotificationPreferences?.ApplyTo(organization.NotificationPreferences) is { } preferences && !Same(preferences, organization.NotificationPreferences))
            events.Add(new OrganizationNotificationPreferencesChanged(id, organization.NotificationPreferences, preferences, now));
        return Outcome.Accept(events);
    }

    private static bool Same(NotificationPreferences a, NotificationPreferences b) =>
        a.EmailedNotices.SequenceEqual(b.EmailedNotices) && a.OwnerEmails.SequenceEqual(b.OwnerEmails);

    /// <summary>Host names compare case-insensitively and may be written with the root's trailing dot; "" means none.</summary>
    public static string? NormalizeDomain(string? domain) =>
        string.IsNullOrWhiteSpace(domain) ? null : domain.Trim().TrimEnd('.').ToLowerInvariant();

    public static Rejection? Slug(string? slug) =>
        slug is null || !SlugPattern().IsMatch(slug)
            ? Rejection.Invalid("slug", "'slug' must be 2 to 63 lowercase letters, digits or single hyphens, starting and ending with a letter or digit.")
        : Reserved.Contains(slug) ? Rejection.Invalid("slug", $"The slug '{slug}' is reserved.")
        : null;

    private static Rejection? TimeZone(string zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)
            ? null
            : Rejection.Invalid("timeZone", $"'{zone}' is not a known IANA time zone.");

    /// <summary>A name readers type into a browser and point a DNS record at: at least two labels, no IP address, no port.</summary>
    private static Rejection? CustomDomain(string domain) =>
        domain.Length <= 253 && DomainPattern().IsMatch(domain) && !IPAddress.TryParse(domain, out _)
            ? null
            : Rejection.Invalid("customDomain",
                $"'customDomain' '{domain}' is not a host name: dot-separated labels of 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen, such as status.example.com.");

    [GeneratedRegex("^(?=.{2,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DomainPattern();
}
