using System.Net.Http.Json;
using Microsoft.Playwright;

namespace StatusPage.Browser.Tests.Public;

/// <summary>A real Chromium reading the public page served by a host process, with and without JavaScript.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class PublicPageBrowserTests(StatusPageFixture fixture, LiveNode node) : IClassFixture<LiveNode>, IAsyncLifetime
{
    private readonly Chromium _chromium = new();

    public Task InitializeAsync() => _chromium.InitializeAsync();

    public Task DisposeAsync() => _chromium.DisposeAsync();

    [Fact]
    public async Task The_page_changes_live_when_a_component_changes_through_the_api_without_a_reload()
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        await org.AddComponent("Website");
        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(new Uri(node.Host.BaseAddress, $"/{org.Slug}").ToString());
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("● Live");
        var row = page.Locator($"[data-component='{api}']");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Operational");
        await page.EvaluateAsync("window.sameDocument = true");

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });

        await Assertions.Expect(page.Locator($"[data-component='{api}'] .status")).ToHaveTextAsync("Major outage");
        await Assertions.Expect(page.Locator(".banner")).ToHaveTextAsync("Major System Outage");
        Assert.True(await page.EvaluateAsync<bool>("window.sameDocument === true"));
    }

    [Fact]
    public async Task Without_javascript_the_page_shows_everything_and_operator_markdown_stays_inert()
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        await org.Owner.PostAsJsonAsync(org.Api("/incidents"), new
        {
            name = "Errors on the API", impact = "minor", status = "investigating",
            message = "We are **on it**. <script>window.owned = 1</script><img src=x onerror=\"window.owned = 2\"> [click](javascript:window.owned=3) <iframe src=\"https://example.com\"></iframe>",
            components = new Dictionary<Guid, string> { [api] = "degraded_performance" }
        });
        await fixture.Settled();

        await using var context = await _chromium.Browser.NewContextAsync(new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(new Uri(node.Host.BaseAddress, $"/{org.Slug}").ToString());
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator(".banner")).ToHaveTextAsync("Partially Degraded Service");
        await Assertions.Expect(page.Locator($"[data-component='{api}'] .status")).ToHaveTextAsync("Degraded performance");
        await Assertions.Expect(page.Locator("article strong")).ToHaveTextAsync(["Investigating", "on it"]);
        Assert.Equal(0, await page.Locator("main script, main iframe, main [onerror], main a[href^='javascript']").CountAsync());
        var bars = page.Locator($"[data-component='{api}'] .bars span");
        Assert.Equal(90, await bars.CountAsync());
        await Assertions.Expect(bars.First).ToHaveClassAsync("none");
        await Assertions.Expect(bars.First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^[A-Z][a-z]{2} \d{1,2}: no data$"));
        await Assertions.Expect(bars.Last).ToHaveClassAsync("degraded_performance");
        await Assertions.Expect(bars.Last).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex(@"^[A-Z][a-z]{2} \d{1,2}: [\d.]+% uptime"));
        Assert.Empty(await page.Locator("#live").InnerTextAsync());
    }

    [Fact]
    public async Task Unknown_pages_and_incidents_are_404()
    {
        var org = await node.Host.NewOrganization(fixture);
        using var client = node.Host.Client();
        var missing = await client.GetAsync("/no-such-page-here");
        Assert.Equal((404, "text/html"), ((int)missing.StatusCode, missing.Content.Headers.ContentType!.MediaType));
        Assert.Contains("no-such-page-here", await missing.Content.ReadAsStringAsync());
        Assert.Equal(404, (int)(await client.GetAsync($"/{org.Slug}/incidents/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync($"/{org.Slug}/history")).StatusCode);
        Assert.Equal(404, (int)(await client.GetAsync($"/{org.Slug}/history/2")).StatusCode);
    }
}
