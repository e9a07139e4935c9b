using StatusPage.Application.Team;

namespace StatusPage.Host.Dashboard;

/// <summary>The operator dashboard at /dashboard: accounts and sign-in, the pages, and forms that are API calls.</summary>
public static class DashboardSetup
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration) =>
        services.AddTeam(configuration).AddDashboardAuthentication(configuration);

    /// <summary>
    /// Between authentication and authorization: forms become API calls (which needs the signed-in operator for the
    /// antiforgery check) before routing picks the endpoint by the method they asked for.
    /// </summary>
    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app) => app.UseFormBridge().UseRouting();

    public static void MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDashboardAccounts();
        endpoints.MapGitHubSignIn();
        endpoints.MapDashboardPages();
    }
}
