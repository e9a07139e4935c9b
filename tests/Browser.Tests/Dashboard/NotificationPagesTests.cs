using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Browser.Tests.Dashboard;

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
        Assert.Equal(0, await viewer.GetByRole(AriaRole.Link, new() { Name = "Export all as CSV" }).CountAsync());
        var forbidden = await viewer.APIRequest.PostAsync(org.Api("/subscribers/import"), new()
        {
            Multipart = viewer.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", (await viewer.Locator("meta[name=csrf]").GetAttributeAsync("content"))!)
                .Set("csv", new FilePayload { Name = "list.csv", MimeType = "text/csv", Buffer = "mallory@example.com\n"u8.ToArray() }),
            Headers = new Dictionary<string, string> { ["Accept"] = "application/json" }
        });
        Assert.Equal(403, forbidden.Status);
        Assert.Equal(2, (await org.Get("/subscribers"))["total"]!.GetValue<int>());
    });

    [Fact]
    public Task Webhook_endpoints_are_registered_edited_pinged_rotated_redelivered_and_deleted_in_the_dashboard() => _browser.Recorded(async () =>
    {
        await using var receiver = await WebhookReceiver.Start();
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Webhooks" }).ClickAsync();

        var register = page.Locator("#register");
        await register.GetByLabel("URL").FillAsync(receiver.Url("/hook"));
        await register.GetByLabel("Description").FillAsync("Chat bridge");
        await register.GetByLabel("incident.created").CheckAsync();
        await register.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator("#register-result .secret")).ToHaveTextAsync(new Regex("^whsec_"));
        var secret = await page.Locator("#register-result .secret").InnerTextAsync();
        await page.Locator("#webhooks").GetByRole(AriaRole.Link, new() { Name = receiver.Url("/hook") }).ClickAsync();
        var id = page.Url.Split('/')[^1];

        receiver.Answer("/hook", 500, 200);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send ping" }).ClickAsync();
        await Expect(page.Locator("#ping-result")).ToContainTextAsync("status 500");
        (await receiver.WaitFor("/hook", 1))[0].Verify(secret);

        var edit = page.Locator("#edit");
        await edit.GetByLabel("Description").FillAsync("Status bridge");
        await edit.GetByLabel("incident.created").UncheckAsync();
        await edit.GetByLabel("component.status_changed").CheckAsync();
        await edit.GetByLabel("API", new() { Exact = true }).CheckAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#webhook")).ToContainTextAsync("Status bridge");
        var stored = await org.Get($"/webhooks/{id}");
        Assert.Equal(["component.status_changed"], stored["eventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal([api.ToString()], stored["componentIds"]!.AsArray().Select(t => t!.GetValue<string>()));

        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(page.Locator("#rotate-result .secret")).ToHaveTextAsync(new Regex("^whsec_"));
        var rotated = await page.Locator("#rotate-result .secret").InnerTextAsync();
        Assert.NotEqual(secret, rotated);

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });
        var change = (await receiver.WaitFor("/hook", 2))[1];
        change.Verify(rotated);
        Assert.Equal("component.status_changed", change.Json["type"]!.GetValue<string>());
        var logged = await org.WaitForAttempts(Guid.Parse(id), 1);
        Assert.Equal(("component.status_changed", "succeeded"), (logged.Type, logged.State));
        await page.ReloadAsync();
        var delivery = page.Locator("#deliveries article", new() { HasText = "component.status_changed" });
        await Expect(delivery).ToContainTextAsync("Succeeded");
        await Expect(delivery.Locator("[data-attempt]")).ToContainTextAsync(new Regex(@"HTTP 200\s+\d+ ms"));
        await Expect(page.Locator("#deliveries article", new() { HasText = "ping" }).Locator("[data-attempt]")).ToContainTextAsync("HTTP 500");

        await delivery.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        var again = (await receiver.WaitFor("/hook", 3))[2];
        Assert.Equal((change.Id, change.Body), (again.Id, again.Body));

        var viewer = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "viewer"));
        await viewer.GotoAsync($"/dashboard/webhooks/{id}");
        await Expect(viewer.Locator("#deliveries article")).ToHaveCountAsync(2);
        Assert.Equal(0, await viewer.Locator("main form[method=post]").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete endpoint" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhooks");
        await Expect(page.Locator("#webhooks")).ToContainTextAsync("No endpoints yet.");
        Assert.Empty((await org.Get("/webhooks")).AsArray());
    });

    [Fact]
    public Task The_owner_chooses_what_subscribers_are_emailed_where_owner_alerts_go_and_the_uptime_threshold() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();

        var form = page.Locator("#notifications");
        await Expect(form.GetByLabel("incident.updated")).ToBeCheckedAsync();
        await Expect(form.GetByLabel("component.status_changed")).Not.ToBeCheckedAsync();
        await form.GetByLabel("incident.updated").UncheckAsync();
        await form.GetByLabel("component.status_changed").CheckAsync();
        await form.GetByLabel("Alert address 1 (new)").FillAsync("oncall@example.com");
        var threshold = form.GetByLabel(new Regex("^Uptime alert threshold"));
        await threshold.FillAsync("150");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save notifications" }).ClickAsync();
        await Expect(form.Locator("[data-error-for=uptimeAlertThreshold]")).ToContainTextAsync("'uptimeAlertThreshold' must be");
        Assert.Equal(99.9, (await org.Get(""))["uptimeAlertThreshold"]!.GetValue<double>());

        await threshold.FillAsync("99.5");
        var saved = await page.RunAndWaitForResponseAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Save notifications" }).ClickAsync(),
            response => response.Url.EndsWith(org.Api()));
        Assert.Equal(200, saved.Status);
        var organization = await org.Get("");
        Assert.Equal(99.5, organization["uptimeAlertThreshold"]!.GetValue<double>());
        var preferences = organization["notificationPreferences"]!;
        Assert.Equal(["oncall@example.com"], preferences["ownerEmails"]!.AsArray().Select(e => e!.GetValue<string>()));
        var emailed = preferences["emailedNotices"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("component.status_changed", emailed);
        Assert.DoesNotContain("incident.updated", emailed);
        Assert.Contains("incident.created", emailed);

        await page.ReloadAsync();
        await Expect(form.GetByLabel("Alert address 1", new() { Exact = true })).ToHaveValueAsync("oncall@example.com");
        await Expect(form.GetByLabel("Alert address 2 (new)")).ToBeEmptyAsync();
        await Expect(threshold).ToHaveValueAsync("99.5");
        await Expect(form.GetByLabel("incident.updated")).Not.ToBeCheckedAsync();
    });

    [Fact]
    public Task Monitors_are_attached_charted_changed_and_removed_on_the_component_page_and_get_control_back() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        await page.GotoAsync($"/dashboard/components/{api}");

        var target = new Uri(node.Host.BaseAddress, "/health").ToString();
        await Attach(page, "http", "Health", target, interval: "10");
        var health = page.Locator("#monitors article", new() { HasText = "Health" });
        await Expect(health).ToContainTextAsync($"GET {target}");
        await Attach(page, "heartbeat", "Nightly job", null, interval: "60");
        var job = page.Locator("#monitors article", new() { HasText = "Nightly job" });
        var heartbeat = new Uri(await job.Locator("[data-heartbeat]").InnerTextAsync());
        Assert.Equal(202, (int)(await node.Host.Client().PostAsync(heartbeat.AbsolutePath, null)).StatusCode);

        var monitors = (await org.Get($"/components/{api}/monitors")).AsArray();
        var healthId = monitors.Single(m => m!["settings"]!["name"]!.GetValue<string>() == "Health")!["id"]!.GetValue<string>();
        await Eventually.True(async () => (await org.Get($"/monitors/{healthId}/checks"))["checks"]!.AsArray().Count > 0, "the first check is logged");
        await page.ReloadAsync();
        await Expect(health.GetByRole(AriaRole.Img)).ToHaveAttributeAsync("aria-label", new Regex(@"^Response times of the last \d+ checks: median \d+ ms"));
        await Expect(health.Locator("svg polyline")).ToHaveAttributeAsync("points", new Regex(@"^[\d.]+,[\d.]+"));

        await health.Locator("summary").ClickAsync();
        await health.GetByLabel("Name").FillAsync("Liveness");
        await health.GetByLabel("Interval (seconds)").FillAsync("20");
        await health.GetByRole(AriaRole.Button, new() { Name = "Save monitor" }).ClickAsync();
        var liveness = page.Locator("#monitors article", new() { HasText = "Liveness" });
        await Expect(liveness).ToContainTextAsync("every 20 s");

        await page.Locator("#edit").GetByLabel("Status").SelectOptionAsync("degraded_performance");
        await page.Locator("#edit").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("#monitors")).ToContainTextAsync("the monitors keep checking but change nothing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hand control back to the monitors" }).ClickAsync();
        await Expect(page.Locator("#monitors")).ToContainTextAsync("The monitors set this component's status.");
        Assert.True((await org.Get($"/components/{api}"))["monitorControl"]!.GetValue<bool>());

        await job.Locator("summary").ClickAsync();
        await job.GetByRole(AriaRole.Button, new() { Name = "Remove monitor" }).ClickAsync();
        await Expect(page.Locator("#monitors article")).ToHaveCountAsync(1);
        Assert.Single((await org.Get($"/components/{api}/monitors")).AsArray());

        var viewer = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "viewer"));
        await viewer.GotoAsync($"/dashboard/components/{api}");
        await Expect(viewer.Locator("#monitors article")).ToContainTextAsync("Liveness");
        Assert.Equal(0, await viewer.Locator("main form[method=post]").CountAsync());
    });

    private static async Task Attach(IPage page, string type, string name, string? url, string interval)
    {
        var attach = page.Locator("#attach");
        await attach.GetByLabel("Type").SelectOptionAsync(type);
        await attach.GetByLabel("Name").FillAsync(name);
        if (url is not null) await attach.GetByLabel("URL (http)").FillAsync(url);
        await attach.GetByLabel("Interval (seconds)").FillAsync(interval);
        var answer = await page.RunAndWaitForResponseAsync(() => attach.GetByRole(AriaRole.Button, new() { Name = "Attach monitor" }).ClickAsync(),
            r => r.Url.EndsWith("/monitors"));
        Assert.Equal(201, answer.Status);
        await Expect(page.Locator("#monitors article", new() { HasText = name })).ToBeVisibleAsync();
    }

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
