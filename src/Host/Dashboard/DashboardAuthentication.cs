using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using StatusPage.Application.Access;
using StatusPage.Application.Http;
using StatusPage.Application.Team;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// Operators sign in with a cookie beside the API-key scheme, which stays the default: a request to the API with no
/// Authorization header but the operator cookie is authenticated by the cookie (the dashboard's scripts and its live
/// stream), anything else exactly as before, so an API call without a key still gets its 401 ProblemDetails.
/// </summary>
public static class DashboardAuthentication
{
    public const string CookieName = "statuspage.operator";
    public const string AntiforgeryCookieName = "statuspage.antiforgery";
    public const string Policy = "dashboard";
    public const string OwnerPolicy = "dashboard:owner";

    /// <summary>
    /// Dashboard:SecureCookies marks the cookies Secure even on plain HTTP requests, for hosts behind a proxy that
    /// terminates TLS; otherwise they are Secure whenever the request is HTTPS (the README's local run is plain HTTP).
    /// The cookie is SameSite=Lax, not Strict, so that coming back from GitHub's sign-in keeps it; every write needs
    /// the antiforgery token anyway. A session unused for SignIn:SessionIdleMinutes ends with its cookie.
    /// </summary>
    public static IServiceCollection AddDashboardAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var secure = configuration.GetValue<bool>("Dashboard:SecureCookies") ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.AddAuthentication().AddGitHubSignIn(configuration).AddCookie(OperatorSignIn.Scheme, options =>
        {
            options.Cookie.Name = CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = secure;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.LoginPath = "/dashboard/sign-in";
            options.AccessDeniedPath = "/dashboard/forbidden";
            options.Events.OnValidatePrincipal = async context =>
            {
                var fresh = await context.HttpContext.RequestServices.GetRequiredService<OperatorSignIn>()
                    .Refresh(context.Principal!, context.HttpContext.RequestAborted);
                if (fresh is null)
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(OperatorSignIn.Scheme);
                }
                else if (!ReferenceEquals(fresh, context.Principal))
                {
                    context.ReplacePrincipal(fresh);
                    context.ShouldRenew = true;
                }
            };
            options.Events.OnRedirectToLogin = context => IsDashboard(context.Request)
                ? Redirect(context)
                : Problems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "Your dashboard session has ended; sign in again.");
            options.Events.OnRedirectToAccessDenied = context => IsDashboard(context.Request)
                ? Redirect(context)
                : Problems.Write(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this action.");
        });
        services.AddOptions<CookieAuthenticationOptions>(OperatorSignIn.Scheme)
            .Configure<SignInOptions>((options, signIn) => options.ExpireTimeSpan = TimeSpan.FromMinutes(signIn.SessionIdleMinutes));
        services.PostConfigure<ApiKeyAuthenticationOptions>(ApiKeyAuthenticationHandler.SchemeName,
            options => options.ForwardDefaultSelector = context => ByOperatorCookie(context.Request) ? OperatorSignIn.Scheme : null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(OperatorSignIn.Scheme).RequireAuthenticatedUser())
            .AddPolicy(OwnerPolicy, p => p.AddAuthenticationSchemes(OperatorSignIn.Scheme).RequireRole("owner"));
        services.AddAntiforgery(options =>
        {
            options.HeaderName = "X-CSRF-TOKEN";
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.SecurePolicy = secure;
        });
        return services;
    }

    /// <summary>Public pages never look at the cookie: they stay one dictionary read per request for everybody.</summary>
    public static bool ByOperatorCookie(HttpRequest request) =>
        (request.Path.StartsWithSegments("/api") || IsDashboard(request))
        && string.IsNullOrEmpty(request.Headers.Authorization) && request.Cookies.ContainsKey(CookieName);

    private static bool IsDashboard(HttpRequest request) => request.Path.StartsWithSegments("/dashboard");

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
