using System.Security.Claims;
using StatusPage.Application.Access;
using StatusPage.Domain.Organizations;

namespace StatusPage.Host.Dashboard;

/// <summary>What every form on a page needs: the antiforgery token, the page to come back to, the API's last answer.</summary>
public sealed record FormContext(string Antiforgery, string Path, FormState? Form);

/// <summary>Who is looking at which organization, for every signed-in dashboard page.</summary>
public sealed record DashboardContext(FormContext Forms, Organization Organization, string Role, string UserName, TimeZoneInfo Zone)
{
    public bool CanWrite => Role is "owner" or "editor";
    public bool IsOwner => Role == "owner";
    public string Path => Forms.Path;

    public string Api(string path = "") => $"/api/orgs/{Organization.Id}{path}";

    public string Time(DateTimeOffset at) => PublicPages.Html.Words.Time(at, Zone);

    public static string RoleOf(ClaimsPrincipal user) => user.FindFirstValue(StatusPageClaims.Role) ?? "viewer";
}
