using System.Security.Claims;
using StatusPage.Domain.ApiKeys;

namespace StatusPage.Application.Access;

/// <summary>The claims every way of signing in (API key now, operator cookie later) must produce.</summary>
public static class StatusPageClaims
{
    public const string Organization = "statuspage:org";
    public const string Role = ClaimTypes.Role;
    public const string InstanceAdmin = "instance-admin";

    public static ClaimsIdentity For(string scheme, string actor, Guid organizationId, Role role) => new(
        [
            new Claim(ClaimTypes.Name, actor),
            new Claim(Organization, organizationId.ToString()),
            new Claim(Role, role.ToString().ToLowerInvariant())
        ],
        scheme, ClaimTypes.Name, Role);

    public static Guid? OrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Organization), out var id) ? id : null;

    /// <summary>Owners and editors: those who may change what they read, and so see its secrets.</summary>
    public static bool MayChange(this ClaimsPrincipal user) => user.IsInRole("owner") || user.IsInRole("editor");

    /// <summary>Recorded as the actor of every event: "apikey:{id}", "user:{id}" or "admin".</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "anonymous";
}
