using System.Security.Claims;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Organizations;

/// <summary>
/// Merge-patch of an organization's settings: name, slug, time zone, custom domain (null or "" removes it), the uptime %
/// below which a component's day raises an alert, notification preferences (each of its fields replaces the stored one
/// when given).
/// </summary>
public sealed record ChangeOrganization(
    string? Name, string? Slug, string? TimeZone, Optional<string?> CustomDomain, long? ExpectedVersion, double? UptimeAlertThreshold = null,
    NotificationPreferencesPatch? NotificationPreferences = null);

public static class ChangeOrganizationEndpoint
{
    public sealed record Taken(bool Slug, bool CustomDomain);

    /// <summary>Slugs and custom domains are unique across organizations; the unique indexes catch a race after this look.</summary>
    public static async Task<Taken> LoadAsync(ChangeOrganization command, ClaimsPrincipal user, IQuerySession session, CancellationToken token)
    {
        var self = user.OrganizationId()!.Value;
        var domain = OrganizationRules.NormalizeDomain(command.CustomDomain.Value);
        return new Taken(
            command.Slug is { } slug && await session.Query<Organization>().AnyAsync(o => o.Slug == slug && o.Id != self, token),
            domain is not null && await session.Query<Organization>().AnyAsync(o => o.CustomDomain == domain && o.Id != self, token));
    }

    /// <summary>
    /// {org} may be a slug, which Wolverine's aggregate workflow cannot take as a stream id, so the stream is fetched
    /// for writing by the caller's organization (the route already had to name it). Without <c>[WriteAggregate]</c>
    /// <see cref="ExpectedVersionPolicy"/> passes this endpoint by, so it makes the same version check itself.
    /// </summary>
    [Authorize(Policy = Policies.Owner)]
    [WolverinePatch("/api/orgs/{org}", OperationId = "changeOrganization")]
    public static async Task<IResult> Patch(
        ChangeOrganization command, [NotBody] Taken taken, ClaimsPrincipal user, IDocumentSession session, HttpContext http,
        TimeProvider clock, Email.EmailOptions links, CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Organization>(user.OrganizationId()!.Value, token);
        var organization = stream.Aggregate!;
        var problem = ExpectedVersion.Check(http, command.ExpectedVersion, organization);
        if (!ReferenceEquals(problem, WolverineContinue.NoProblems)) return Results.Problem(problem);

        var changes = new OrganizationChanges(command.Name, command.Slug, command.TimeZone, command.CustomDomain.IsSet, command.CustomDomain.Value,
            command.UptimeAlertThreshold, command.NotificationPreferences);
        var (result, events) = Decisions.Respond(http,
            OrganizationRules.Change(organization, changes, taken.Slug, taken.CustomDomain, clock.GetUtcNow(), new Uri(links.PublicUrl).Host),
            organization.Id, organization.Version);
        stream.AppendMany(events);
        return result;
    }
}
