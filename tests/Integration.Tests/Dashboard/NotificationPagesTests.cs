using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StatusPage.Integration.Tests.Live;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Integration.Tests.Dashboard;

/// <summary>The dashboard pages of the features that reach people outside: subscribers, webhooks, monitors, invitations.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class NotificationPagesTests(StatusPageFixture fixture, LiveNode node) : IClassFixture<LiveNode>, IAsyncLifetime
{
    private readonly DashboardBrowser _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public Task Subscribers_are_imported_found_exported_and_removed_by_an_editor_and_only_read_by_a_viewer() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Subscribers" }).ClickAsync();

        await Import(page, $"email,componentIds\nalice@example.com,{api}\nbob@example.com\n", consented: false);
        var rows = page.Locator("#subscribers tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Import(page, "carol@example.com\n", consented: true);
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Filter(new() { HasText = "alice@example.com" })).ToContainTextAsync("Pending");
        await Expect(rows.Filter(new() { HasText = "alice@example.com" })).ToContainTextAsync("API");
        await Expect(rows.Filter(new() { HasText = "bob@example.com" })).ToContainTextAsync("the whole page");
        await Expect(rows.Filter(new() { HasText = "carol@example.com" })).ToContainTextAsync("Verified");

        var resend = rows.Filter(new() { HasText = "alice@example.com" }).GetByRole(AriaRole.Button, new() { Name = "Resend verification" });
        var refused = await page.RunAndWaitForResponseAsync(() => resend.ClickAsync(), r => r.Url.EndsWith("/resend-verification"));
        Assert.Equal(409, refused.Status);
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Resend verification to alice@example.com" }).GetByRole(AriaRole.Alert))
            .ToContainTextAsync("hour");

        await page.Locator("#find").GetByLabel("State").SelectOptionAsync("verified");
        await page.Locator("#find").GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync("carol@example.com");
        await page.Locator("#find").GetByLabel("State").SelectOptionAsync("");
        await page.Locator("#find").GetByLabel("Address contains").FillAsync("BOB");
        await page.Locator("#find").GetByRole(AriaRole.Button, new() { Name = "Find" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await rows.GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(0);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export all as CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("email,componentIds,state", csv);
        Assert.Contains($"alice@example.com,{api},pending", csv);
        Assert.Contains("carol@example.com,,verified", csv);
        Assert.DoesNotContain("bob@example.com", csv);

        var viewer = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "viewer"));
        await viewer.GotoAsync("/dashboard/subscribers");
        await Expect(viewer.Locator("#subscribers tbody tr")).ToHaveCountAsync(2);
        Assert.Equal(0, await viewer.Locator("main form[method=post]").CountAsync());
        var forbidden = await viewer.APIRequest.PostAsync(org.Api("/subscribers/import"), new()
        {
            Multipart = viewer.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", await viewer.Locator("meta[name=csrf]").GetAttributeAsync("content"))
                .Set("csv", new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = "mallory@example.com\n"u8.ToArray() }),
            Headers = new Dictionary<string, string> { ["Accept"] = "application/json" }
        });
        Assert.Equal(403, forbidden.Status);
        Assert.Equal(2, (await org.Get("/subscribers"))["total"]!.GetValue<int>());
    });

    private static async Task Import(IPage page, string csv, bool consented)
    {
        var import = page.Locator("#import");
        await import.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await import.GetByLabel(new Regex("already consented")).SetCheckedAsync(consented);
        var answer = await page.RunAndWaitForResponseAsync(() => import.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync(),
            r => r.Url.Contains("/subscribers/import"));
        Assert.Equal(200, answer.Status);
    }
}
