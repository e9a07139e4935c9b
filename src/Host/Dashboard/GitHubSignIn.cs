using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using StatusPage.Application.Team;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// "Sign in with GitHub" when Auth:GitHub:ClientId and ClientSecret are configured (the endpoints may be pointed at
/// GitHub Enterprise). GitHub only vouches for the email addresses it has verified; the operator account with one of
/// them signs in, so an owner still decides who is on the team.
/// </summary>
public static class GitHubSignIn
{
    public const string Scheme = "GitHub";
    private const string Start = "/dashboard/sign-in/github";

    public static bool Enabled(IConfiguration configuration) =>
        configuration["Auth:GitHub:ClientId"] is { Length: > 0 } && configuration["Auth:GitHub:ClientSecret"] is { Length: > 0 };

    public static AuthenticationBuilder AddGitHubSignIn(this AuthenticationBuilder authentication, IConfiguration configuration)
    {
        if (!Enabled(configuration)) return authentication;
        var github = configuration.GetSection("Auth:GitHub");
        return authentication.AddOAuth(Scheme, options =>
        {
            options.ClientId = github["ClientId"]!;
            options.ClientSecret = github["ClientSecret"]!;
            options.AuthorizationEndpoint = github["AuthorizationEndpoint"] ?? "https://github.com/login/oauth/authorize";
            options.TokenEndpoint = github["TokenEndpoint"] ?? "https://github.com/login/oauth/access_token";
            options.UserInformationEndpoint = github["EmailsEndpoint"] ?? "https://api.github.com/user/emails";
            options.CallbackPath = Start + "/callback";
            options.Scope.Add("user:email");
            // GitHub supports PKCE: a code intercepted on its way back is of no use without this sign-in's verifier.
            options.UsePkce = true;
            options.SignInScheme = OperatorSignIn.Scheme;
            // GitHub's redirect back is a top-level navigation from another site: Lax lets the correlation cookie come with it.
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.Events.OnCreatingTicket = async context =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, context.Options.UserInformationEndpoint);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", context.AccessToken);
                request.Headers.UserAgent.ParseAdd("StatusPage");
                using var response = await context.Backchannel.SendAsync(request, context.HttpContext.RequestAborted);
                response.EnsureSuccessStatusCode();
                var emails = (await response.Content.ReadFromJsonAsync<List<GitHubEmail>>(JsonSerializerOptions.Web, context.HttpContext.RequestAborted))!;
                var result = await context.HttpContext.RequestServices.GetRequiredService<OperatorSignIn>()
                    .Vouched(emails.Where(e => e.Verified).Select(e => e.Email).ToList(), context.HttpContext.RequestAborted);
                // The OAuth handler signs in whatever principal this leaves, whatever Fail says: refusing has to throw.
                context.Principal = result.Principal ?? throw new AuthenticationFailureException(result.Error);
            };
            options.Events.OnRemoteFailure = context =>
            {
                context.Response.Redirect("/dashboard/sign-in?error=" + Uri.EscapeDataString(context.Failure?.Message ?? "GitHub sign-in failed."));
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    public static void MapGitHubSignIn(this IEndpointRouteBuilder endpoints)
    {
        if (Enabled(endpoints.ServiceProvider.GetRequiredService<IConfiguration>()))
            endpoints.MapGet(Start, () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/dashboard" }, [Scheme]));
    }

    private sealed record GitHubEmail(string Email, bool Verified);
}
