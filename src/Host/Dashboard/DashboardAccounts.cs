using StatusPage.Projections;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using StatusPage.Application.Dashboard;
using StatusPage.Application.Http;
using StatusPage.Application.Team;
using StatusPage.Host.Configuration;
using StatusPage.Host.Dashboard.Pages;

namespace StatusPage.Host.Dashboard;

/// <summary>Signing in and out, the first run's set-up page, the invitation and password reset pages: the dashboard's doors.</summary>
public static class DashboardAccounts
{
    public static void MapDashboardAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dashboard/sign-in", async (HttpContext http, string? error, CancellationToken token) =>
        {
            if (await DashboardDoors.NeedsSetUp(Reads(http), token)) return Results.Redirect("/dashboard/setup");
            return await SignInPage(http, null, error, null);
        });

        endpoints.MapPost("/dashboard/sign-in", async (HttpContext http, IAntiforgery antiforgery, OperatorSignIn signIn, CancellationToken token) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Problems.Invalid("The form's antiforgery token is missing or invalid. Reload the page and try again.");
            var form = await http.Request.ReadFormAsync(token);
            var result = await signIn.Attempt(form["email"], form["password"], token);
            if (result.RetryAfter is { } wait) ClientRateLimits.RetryAfter(http, wait);
            if (result.Principal is null)
                return await SignInPage(http, form["email"], result.Error,
                    result.RetryAfter is null ? StatusCodes.Status401Unauthorized : StatusCodes.Status429TooManyRequests);
            await http.SignInAsync(OperatorSignIn.Scheme, result.Principal);
            return Results.Redirect(LocalReturn(http.Request.Query["ReturnUrl"]) ?? "/dashboard", preserveMethod: false);
        }).TakesForm().RequireRateLimiting(TeamSetup.SignInRateLimit);

        // Signing out ends every session of the person, so a copy of the cookie left anywhere is worthless too.
        endpoints.MapPost("/dashboard/sign-out", async (HttpContext http, IAntiforgery antiforgery, OperatorSignIn signIn, CancellationToken token) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Invalid("The form's antiforgery token is missing or invalid.");
            await signIn.EndEverySession(http.User, token);
            await http.SignOutAsync(OperatorSignIn.Scheme);
            return Results.Redirect("/dashboard/sign-in");
        }).RequireAuthorization(DashboardAuthentication.Policy);

        endpoints.MapGet("/dashboard/forgot-password", (Func<HttpContext, Task<IResult>>)(http =>
            DashboardPages.Html<ForgotPasswordPage>(http, new() { ["Forms"] = DashboardPages.Forms(http) })));

        endpoints.MapGet("/dashboard/reset-password/{token}", (HttpContext http, string token) =>
            DashboardPages.Html<ResetPasswordPage>(http, new() { ["Forms"] = DashboardPages.Forms(http), ["Token"] = token })).AddressHoldsSecret();

        endpoints.MapGet("/dashboard/setup", async (HttpContext http, CancellationToken token) =>
        {
            if (!await DashboardDoors.NeedsSetUp(Reads(http), token)) return Results.Redirect("/dashboard/sign-in");
            return await DashboardPages.Html<SetUpPage>(http, new() { ["Forms"] = DashboardPages.Forms(http) });
        });

        endpoints.MapGet("/dashboard/invitations/{token}", async (HttpContext http, string token, CancellationToken cancellation) =>
        {
            var found = await DashboardDoors.Invitation(Reads(http), token, cancellation);
            return await DashboardPages.Html<InvitationPage>(http, new()
            {
                ["Forms"] = DashboardPages.Forms(http), ["Token"] = token, ["Invitation"] = found.Invitation,
                ["HasAccount"] = found.Operator is not null, ["SignedIn"] = found.Operator is { } person && OperatorSignIn.OperatorId(http.User) == person.Id
            }, found.Invitation is null ? StatusCodes.Status404NotFound : null);
        }).AddressHoldsSecret();

        endpoints.MapGet("/dashboard/forbidden", (Func<HttpContext, Task<IResult>>)(http =>
            DashboardPages.Html<MessagePage>(http, new() { ["Title"] = "Not allowed", ["Text"] = "Your role does not allow this page." },
                StatusCodes.Status403Forbidden)));
    }

    /// <summary>
    /// A refused sign-in shows the form again with what was typed (but never the password), 401 or 429. The form
    /// posts back to where it came from, so a page that asked for sign-in (an invitation's) opens after it.
    /// </summary>
    private static Task<IResult> SignInPage(HttpContext http, string? email, string? error, int? status) =>
        DashboardPages.Html<SignInPage>(http, new()
        {
            ["Forms"] = DashboardPages.Forms(http), ["Email"] = email, ["Error"] = error,
            ["ReturnUrl"] = LocalReturn(http.Request.Query["ReturnUrl"]),
            ["GitHub"] = GitHubSignIn.Enabled(http.RequestServices.GetRequiredService<IConfiguration>())
        }, status);

    private static ReadSide Reads(HttpContext http) => http.RequestServices.GetRequiredService<ReadSide>();

    private static string? LocalReturn(string? path) =>
        path is { Length: > 1 } && path.StartsWith("/dashboard", StringComparison.Ordinal) && !path.Contains("//") ? path : null;
}
