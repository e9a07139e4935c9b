using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Browser.Tests;

/// <summary>
/// Chromium enforcing the pages' Content Security Policy: the public page's and the dashboard's scripts and styles
/// still work, nothing on them breaks the policy, and inline code is refused.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class ContentSecurityPolicyBrowserTests(StatusPageFixture fixture, LiveNode node) : IClassFixture<LiveNode>, IAsyncLifetime
{
    /// <summary>Runs before any of the page's own scripts; Playwright injects it past the policy.</summary>
    private const string RecordViolations =
        "window.violations = []; document.addEventListener('securitypolicyviolation', e => window.violations.push(`${e.effectiveDirective} ${e.blockedURI}`));";

    private readonly DashboardBrowser _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public Task The_public_page_and_the_dashboard_run_their_scripts_and_styles_without_a_violation() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var editor = await DashboardBrowser.Operator(org, node.Host, "editor");
        var reader = await Watched(await _browser.NewPage(node.Host));
        var operatorPage = await Watched(await _browser.NewPage(node.Host));

        var answer = await reader.page.GotoAsync($"/{org.Slug}");
        Assert.DoesNotContain("unsafe-inline", (await answer!.HeaderValueAsync("content-security-policy"))!);
        await Expect(reader.page.Locator("#live")).ToHaveTextAsync("● Live");
        Assert.Equal("rgb(46, 125, 50)", await reader.page.Locator(".banner").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        await DashboardBrowser.SignIn(operatorPage.page, editor.Email, editor.Password);
        await Expect(operatorPage.page.Locator("#live")).ToHaveTextAsync("● Live");
        Assert.Equal("rgb(17, 24, 39)", await operatorPage.page.Locator("header").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        await operatorPage.page.EvaluateAsync("window.sameDocument = true");
        var add = operatorPage.page.Locator("#add-component");
        await add.GetByLabel("Component name").FillAsync("   ");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add component" }).ClickAsync();
        await Expect(add.Locator("[data-error-for=name]")).ToHaveTextAsync("'name' is required and cannot be empty.");
        await Expect(add.GetByLabel("Component name")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.True(await operatorPage.page.EvaluateAsync<bool>("window.sameDocument === true"), "the script placed the refusal, no reload");

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });
        await Expect(reader.page.Locator($"[data-component='{api}'] .status")).ToHaveTextAsync("Major outage");
        await Expect(operatorPage.page.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Major outage");

        foreach (var (page, errors) in new[] { reader, operatorPage })
        {
            Assert.Empty(await page.EvaluateAsync<string[]>("window.violations"));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        // And the policy is enforced: inline code added to the page neither runs nor styles.
        var refused = await Assert.ThrowsAsync<PlaywrightException>(() => reader.page.AddScriptTagAsync(new() { Content = "window.inline = true" }));
        Assert.Contains("violates the following Content Security Policy directive 'script-src 'self''", refused.Message);
        await reader.page.EvaluateAsync("document.body.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' }))");
        Assert.False(await reader.page.EvaluateAsync<bool>("window.inline === true"));
        await Expect(reader.page.Locator("body")).Not.ToHaveCSSAsync("color", "rgb(255, 0, 0)");
        await reader.page.WaitForFunctionAsync("window.violations.length >= 2");
    });

    [Fact]
    public Task The_api_reference_runs_its_nonced_scripts_with_no_inline_script_otherwise_allowed() => _browser.Recorded(async () =>
    {
        var page = await _browser.NewPage(node.Host);
        var answer = await page.GotoAsync("/api/reference");
        var scripts = (await answer!.HeaderValueAsync("content-security-policy"))!.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src "));
        Assert.Matches("^script-src 'self' 'nonce-[^']+'$", scripts);
        await Expect(page.GetByText("Introduction").First).ToBeVisibleAsync();
    });

    /// <summary>The page with the errors its console shows, which is where Chromium also reports what a policy refused.</summary>
    private static Task<(IPage page, List<string> errors)> Watched(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            // Answers the server refused (the form's 400, the favicon's 404) are reported too; a policy's refusal reads "Refused to…".
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of"))
                errors.Add($"{message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => errors.Add(error);
        return page.AddInitScriptAsync(RecordViolations).ContinueWith(_ => (page, errors));
    }
}
