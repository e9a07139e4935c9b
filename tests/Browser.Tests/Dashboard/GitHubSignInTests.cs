using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Browser.Tests.Dashboard;

/// <summary>"Sign in with GitHub" (with PKCE) against a stand-in for GitHub's OAuth and email endpoints, served over real HTTP.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class GitHubSignInTests(StatusPageFixture fixture) : IAsyncLifetime
{
    private const string AccessToken = "gho_test_token";
    private readonly DashboardBrowser _browser = new();
    private WebApplication _github = null!;
    private HostProcess _host = null!;
    private object[] _emails = [];

    public async Task InitializeAsync()
    {
        var port = HostProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        _github = builder.Build();
        // PKCE as GitHub checks it: the code is granted for the challenge, and exchanged only with its verifier.
        _github.MapGet("/login/oauth/authorize", (string redirect_uri, string state, string? code_challenge, string? code_challenge_method) =>
            code_challenge is { Length: > 0 } && code_challenge_method == "S256"
                ? Results.Redirect($"{redirect_uri}?code={code_challenge}&state={Uri.EscapeDataString(state)}")
                : Results.BadRequest("PKCE is required"));
        _github.MapPost("/login/oauth/access_token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var verified = form["code_verifier"].ToString() is { Length: > 0 } verifier
                           && WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) == form["code"];
            return verified ? Results.Json(new { access_token = AccessToken, token_type = "bearer", scope = "user:email" }) : Results.BadRequest();
        });
        _github.MapGet("/user/emails", (HttpRequest request) =>
            request.Headers.Authorization == $"Bearer {AccessToken}" ? Results.Json(_emails) : Results.Unauthorized());
        await _github.StartAsync();

        var github = $"http://127.0.0.1:{port}";
        _host = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
        {
            ["Auth__GitHub__ClientId"] = "client", ["Auth__GitHub__ClientSecret"] = "secret",
            ["Auth__GitHub__AuthorizationEndpoint"] = $"{github}/login/oauth/authorize",
            ["Auth__GitHub__TokenEndpoint"] = $"{github}/login/oauth/access_token",
            ["Auth__GitHub__EmailsEndpoint"] = $"{github}/user/emails"
        });
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
        await _github.DisposeAsync();
    }

    [Fact]
    public Task A_verified_github_email_signs_its_operator_in_and_an_unverified_one_does_not() => _browser.Recorded(async () =>
    {
        var org = await _host.NewOrganization(fixture);
        var editor = await DashboardBrowser.Operator(org, _host, "editor");

        _emails = [new { email = editor.Email, primary = true, verified = false }, new { email = "someone@example.com", primary = false, verified = true }];
        var refused = await _browser.NewPage(_host);
        await refused.GotoAsync("/dashboard/sign-in");
        await refused.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();
        await Expect(refused.GetByRole(AriaRole.Alert)).ToContainTextAsync("No account has the email addresses your GitHub account verified");
        Assert.Contains("/dashboard/sign-in", refused.Url);

        _emails = [new { email = editor.Email.ToUpperInvariant(), primary = true, verified = true }];
        var page = await _browser.NewPage(_host);
        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with GitHub" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(page.Locator("header")).ToContainTextAsync("(editor)");
        await Expect(page.Locator("#live")).ToHaveTextAsync("● Live");
    });
}
