using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using StatusPage.Application.Http;
using StatusPage.Application.Team;
using StatusPage.Host.Dashboard.Pages;

namespace StatusPage.Host.Dashboard;

/// <summary>Signing in and out, the first run's set-up page and the invitation page: the dashboard's doors.</summary>
public static class DashboardAccounts
{
    public static void MapDashboardAccounts(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dashboard/sign-in", async (HttpContext http, string? error, IDocumentStore store, CancellationToken token) =>
        {
            await using var session = store.QuerySession();
            if (await SetUpFirstOrganizationEndpoint.NeedsSetUp(session, token)) return Results.Redirect("/dashboard/setup");
            return await SignInPage(http, null, error, false);
        });

        endpoints.MapPost("/dashboard/sign-in", async (HttpContext http, IAntiforgery antiforgery, OperatorSignIn signIn, CancellationToken token) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Problems.Invalid("The form's antiforgery token is missing or invalid. Reload the page and try again.");
            var form = await http.Request.ReadFormAsync(token);
            var result = await signIn.Attempt(form["email"], form["password"], token);
            if (result.Principal is null) return await SignInPage(http, form["email"], result.Error, true);
            await http.SignInAsync(OperatorSignIn.Scheme, result.Principal);
            return Results.Redirect(LocalReturn(http.Request.Query["ReturnUrl"]) ?? "/dashboard", preserveMethod: false);
        }).TakesForm();

        endpoints.MapPost("/dashboard/sign-out", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Invalid("The form's antiforgery token is missing or invalid.");
            await http.SignOutAsync(OperatorSignIn.Scheme);
            return Results.Redirect("/dashboard/sign-in");
        }).RequireAuthorization(DashboardAuthentication.Policy);

        endpoints.MapGet("/dashboard/setup", async (HttpContext http, IDocumentStore store, CancellationToken token) =>
        {
            await using var session = store.QuerySession();
            if (!await SetUpFirstOrganizationEndpoint.NeedsSetUp(session, token)) return Results.Redirect("/dashboard/sign-in");
            return await DashboardPages.Html<SetUpPage>(http, new() { ["Forms"] = DashboardPages.Forms(http) });
        });

        endpoints.MapGet("/dashboard/invitations/{token}", (HttpContext http, string token) =>
            DashboardPages.Html<InvitationPage>(http, new() { ["Forms"] = DashboardPages.Forms(http), ["Token"] = token }));

        endpoints.MapGet("/dashboard/forbidden", (Func<HttpContext, Task<IResult>>)(http =>
            DashboardPages.Html<MessagePage>(http, new() { ["Title"] = "Not allowed", ["Text"] = "Your role does not allow this page." },
                StatusCodes.Status403Forbidden)));
    }

    /// <summary>A wrong password shows the form again with what was typed (but never the password) and 401.</summary>
    private static Task<IResult> SignInPage(HttpContext http, string? email, string? error, bool failed) =>
        DashboardPages.Html<SignInPage>(http, new()
        {
            ["Forms"] = DashboardPages.Forms(http), ["Email"] = email, ["Error"] = error,
            ["GitHub"] = GitHubSignIn.Enabled(http.RequestServices.GetRequiredService<IConfiguration>())
        }, failed ? StatusCodes.Status401Unauthorized : null);

    private static string? LocalReturn(string? path) =>
        path is { Length: > 1 } && path.StartsWith("/dashboard", StringComparison.Ordinal) && !path.Contains("//") ? path : null;
}
