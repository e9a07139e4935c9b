using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StatusPage.Application.Team;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Browser.Tests.Dashboard;

/// <summary>The operator dashboard in a real Chromium against a host process: sign-in, roles, live updates, audit.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class DashboardBrowserTests(StatusPageFixture fixture, LiveNode node) : IClassFixture<LiveNode>, IAsyncLifetime
{
    private readonly DashboardBrowser _browser = new();

    public Task InitializeAsync() => _browser.InitializeAsync();

    public Task DisposeAsync() => _browser.DisposeAsync();

    [Fact]
    public Task Signing_in_opens_the_live_dashboard_and_a_wrong_password_shows_the_form_again() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var editor = await DashboardBrowser.Operator(org, node.Host, "editor");
        var page = await _browser.NewPage(node.Host);

        await page.GotoAsync("/dashboard");
        Assert.Contains("/dashboard/sign-in", page.Url);
        var refused = await DashboardBrowser.SignIn(page, editor.Email, "not the password");
        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(OperatorSignIn.Refused);
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(editor.Email);
        await Expect(page.GetByLabel("Password")).ToBeEmptyAsync();

        await DashboardBrowser.SignIn(page, editor.Email, editor.Password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(page.Locator("#live")).ToHaveTextAsync("● Live");
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "statuspage.operator");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync("/dashboard");
        Assert.Contains("/dashboard/sign-in", page.Url);
    });

    [Fact]
    public Task Five_wrong_passwords_lock_the_account_even_against_the_right_one() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var viewer = await DashboardBrowser.Operator(org, node.Host, "viewer");
        var page = await _browser.NewPage(node.Host);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await DashboardBrowser.SignIn(page, viewer.Email, "guess " + attempt);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(OperatorSignIn.Refused);
        }

        var refused = await DashboardBrowser.SignIn(page, viewer.Email, viewer.Password);
        Assert.Equal(401, refused.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(OperatorSignIn.Refused);
    });

    [Fact]
    public Task A_forgotten_password_is_reset_from_the_mailed_link_and_changed_again_on_the_account_page() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var editor = await DashboardBrowser.Operator(org, node.Host, "editor");
        var page = await _browser.NewPage(node.Host);

        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(editor.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"If an account has the address {editor.Email}");

        var mail = (await fixture.Mail.Receive(editor.Email, 2))[^1];
        await page.GotoAsync(Mailbox.PathOf(mail.Link("/dashboard/reset-password/")));
        await page.GetByLabel(new Regex("^New password")).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=password]")).ToContainTextAsync("at least 10 characters");
        await page.GetByLabel(new Regex("^New password")).FillAsync("reset from the mail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        Assert.Equal(401, (await DashboardBrowser.SignIn(page, editor.Email, editor.Password)).Status);
        await DashboardBrowser.SignIn(page, editor.Email, "reset from the mail");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        await page.Locator("header").GetByRole(AriaRole.Link, new() { Name = "(editor)" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your account");
        var change = page.Locator("#password");
        await change.GetByLabel("Current password").FillAsync("reset from the mail");
        await change.GetByLabel(new Regex("^New password")).FillAsync("changed on the page");
        await change.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.Locator("#password-result")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Your account");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await DashboardBrowser.SignIn(page, editor.Email, "changed on the page");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
    });

    [Fact]
    public Task A_viewer_can_change_nothing_and_an_editor_cannot_manage_team_or_keys() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var viewer = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "viewer"));
        await Expect(viewer.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Operational");
        Assert.Equal(0, await viewer.Locator("main form[method=post]").CountAsync());
        Assert.Equal(403, await Post(viewer, org.Api($"/components/{api}"), "_method=PATCH&status=major_outage"));
        Assert.Equal(403, await Post(viewer, org.Api("/incidents"), "name=Outage&message=Down"));
        Assert.Equal(403, (await viewer.GotoAsync("/dashboard/keys"))!.Status);

        var editor = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        await Expect(editor.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);
        Assert.Equal(403, await Post(editor, org.Api("/api-keys"), "name=Mine&role=owner"));
        Assert.Equal(403, await Post(editor, org.Api("/invitations"), "email=friend@example.com&role=owner"));
        foreach (var owned in new[] { "/dashboard/keys", "/dashboard/team", "/dashboard/settings" })
            Assert.Equal(403, (await editor.GotoAsync(owned))!.Status);

        var keys = await org.Get("/api-keys");
        Assert.Single(keys.AsArray());
        Assert.Equal("operational", (await org.Get($"/components/{api}"))["status"]!.GetValue<string>());
    });

    [Fact]
    public Task An_incident_declared_in_the_dashboard_reaches_the_public_page_live_and_resolving_it_updates_both() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var dashboard = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        var reader = await _browser.NewPage(node.Host);
        await reader.GotoAsync($"/{org.Slug}");
        await Expect(reader.Locator("#live")).ToHaveTextAsync("● Live");
        await reader.EvaluateAsync("window.sameDocument = true");

        var declare = dashboard.Locator("#declare");
        await declare.GetByLabel("Name", new() { Exact = true }).FillAsync("API is down");
        await declare.GetByLabel("Impact").SelectOptionAsync("major");
        await declare.GetByLabel("Message (markdown)").FillAsync("We are **investigating**.");
        await Expect(dashboard.Locator(".preview strong")).ToHaveTextAsync("investigating");
        await declare.GetByLabel("API").SelectOptionAsync("major_outage");
        await declare.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();

        await Expect(reader.Locator(".banner")).ToHaveTextAsync("Major System Outage");
        await Expect(reader.Locator($"[data-component='{api}'] .status")).ToHaveTextAsync("Major outage");
        await Expect(reader.Locator("main")).ToContainTextAsync("API is down");
        await Expect(dashboard.Locator("#incidents")).ToContainTextAsync("API is down");
        await Expect(dashboard.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Major outage");

        await dashboard.Locator("#incidents").GetByRole(AriaRole.Link, new() { Name = "API is down" }).ClickAsync();
        var update = dashboard.Locator("#update");
        await update.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("resolved");
        await update.GetByLabel("Message (markdown)").FillAsync("Fixed.");
        await update.GetByLabel(new Regex("^API")).SelectOptionAsync("operational");
        await update.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();

        await Expect(dashboard.Locator("#incident h2")).ToContainTextAsync("Resolved");
        await Expect(dashboard.Locator("#postmortem")).ToBeVisibleAsync();
        await Expect(reader.Locator(".banner")).ToHaveTextAsync("All Systems Operational");
        await Expect(reader.Locator($"[data-component='{api}'] .status")).ToHaveTextAsync("Operational");
        Assert.True(await reader.EvaluateAsync<bool>("window.sameDocument === true"));
    });

    [Fact]
    public Task Two_operators_see_each_others_changes_live() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var first = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        var second = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "editor"));
        await Expect(first.Locator("#live")).ToHaveTextAsync("● Live");
        await Expect(second.Locator("#live")).ToHaveTextAsync("● Live");
        await first.EvaluateAsync("window.sameDocument = true");
        await second.EvaluateAsync("window.sameDocument = true");

        var row = first.Locator($"[data-component='{api}']");
        await row.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("partial_outage");
        await row.GetByRole(AriaRole.Button, new() { Name = "Set status" }).ClickAsync();
        await Expect(second.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Partial outage");

        var declare = second.Locator("#declare");
        await declare.GetByLabel("Name", new() { Exact = true }).FillAsync("Slow checkout");
        await declare.GetByLabel("Message (markdown)").FillAsync("Looking into it.");
        await declare.GetByRole(AriaRole.Button, new() { Name = "Declare incident" }).ClickAsync();
        await Expect(first.Locator(".toast")).ToHaveTextAsync("Incident declared: Slow checkout");
        await Expect(first.Locator("#incidents")).ToContainTextAsync("Slow checkout");
        await Expect(second.Locator("#incidents")).ToContainTextAsync("Slow checkout");
        Assert.Equal(0, await second.Locator(".toast").CountAsync());
        Assert.True(await first.EvaluateAsync<bool>("window.sameDocument === true"));
        Assert.True(await second.EvaluateAsync<bool>("window.sameDocument === true"));
    });

    [Fact]
    public Task A_new_api_key_is_shown_once_and_works() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var owner = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        await owner.GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        var issue = owner.Locator("#issue");
        await issue.GetByLabel("Name").FillAsync("Deploy bot");
        await issue.GetByLabel("Role").SelectOptionAsync("editor");
        await issue.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        await Expect(owner.Locator("#issue-result .secret")).ToHaveTextAsync(new Regex("^sp_"));
        var secret = await owner.Locator("#issue-result .secret").InnerTextAsync();
        await Expect(owner.Locator("#keys")).ToContainTextAsync("Deploy bot");
        Assert.Equal(200, (int)(await node.Host.Client(secret).GetAsync(org.Api("/components"))).StatusCode);

        await owner.ReloadAsync();
        Assert.DoesNotContain(secret, await owner.ContentAsync());
        await owner.Locator("#keys tr", new() { HasText = "Deploy bot" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(owner.Locator("#keys tr", new() { HasText = "Deploy bot" })).ToContainTextAsync("revoked");
    });

    [Fact]
    public Task The_audit_view_shows_who_and_when_and_as_of_shows_the_earlier_state() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var incident = await org.Declare(api);
        var editor = await DashboardBrowser.Operator(org, node.Host, "editor");
        var page = await _browser.SignedIn(node.Host, editor);

        await page.GotoAsync($"/dashboard/incidents/{incident}");
        var update = page.Locator("#update");
        await update.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("identified");
        await update.GetByLabel("Message (markdown)").FillAsync("Found the cause.");
        await update.GetByRole(AriaRole.Button, new() { Name = "Post update" }).ClickAsync();

        var rows = page.Locator("#history ~ div tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0).Locator(".actor")).ToHaveTextAsync(new Regex("^apikey:"));
        await Expect(rows.Nth(1).Locator(".actor")).ToHaveTextAsync(new Regex("^user:"));
        await Expect(rows.Nth(0)).ToContainTextAsync("API key 'Owner key'");
        await Expect(rows.Nth(1)).ToContainTextAsync($"editor person <{editor.Email}>");
        await Expect(rows.Nth(1)).ToContainTextAsync("Incident update posted");
        await Expect(rows.Nth(0).Locator("time")).ToHaveAttributeAsync("datetime", new Regex(@"^\d{4}-\d\d-\d\dT"));

        await rows.Nth(0).GetByRole(AriaRole.Link, new() { Name = "View as of this" }).ClickAsync();
        await Expect(page.Locator("#asof-title")).ToContainTextAsync("As it was at");
        await Expect(page.Locator("#incident h2")).ToContainTextAsync("Investigating");
        Assert.Equal(1, await page.Locator("#incident [data-update]").CountAsync());
        Assert.Equal(0, await page.Locator("#update").CountAsync());

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "operational" });
        await page.GotoAsync($"/dashboard/components/{api}");
        var componentRows = page.Locator("#history ~ div tbody tr");
        await Expect(componentRows).ToHaveCountAsync(3);
        await componentRows.Nth(1).GetByRole(AriaRole.Link, new() { Name = "View as of this" }).ClickAsync();
        await Expect(page.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Major outage");
        await Expect(page.Locator("#incidents")).ToContainTextAsync("Database down");
        await page.GotoAsync("/dashboard");
        await Expect(page.Locator($"[data-component='{api}'] .badge")).ToHaveTextAsync("Operational");
    });

    [Fact]
    public Task Form_errors_stand_next_to_the_field_and_keep_what_was_typed_with_and_without_javascript() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var editor = await DashboardBrowser.Operator(org, node.Host, "editor");
        foreach (var javaScript in new[] { true, false })
        {
            var page = await _browser.SignedIn(node.Host, editor, javaScript);
            var add = page.Locator("#add-component");
            await add.GetByLabel("Description").FillAsync("Typed by hand");
            await add.GetByLabel("Component name").FillAsync("   ");
            await add.GetByRole(AriaRole.Button, new() { Name = "Add component" }).ClickAsync();

            add = page.Locator("#add-component");
            await Expect(add.Locator("[data-error-for=name]")).ToHaveTextAsync("'name' is required and cannot be empty.");
            await Expect(add.GetByLabel("Description")).ToHaveValueAsync("Typed by hand");
            await Expect(add.GetByLabel("Component name")).ToHaveAttributeAsync("aria-invalid", "true");
        }

        Assert.Empty((await org.Get("/components")).AsArray());
    });

    [Fact]
    public Task A_forged_antiforgery_token_is_refused_with_400_and_changes_nothing() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        var forged = await page.APIRequest.PostAsync(org.Api("/components"), new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", "CfDJ8forged").Set("name", "Sneaky"),
            MaxRedirects = 0
        });
        Assert.Equal(400, forged.Status);
        var missing = await page.APIRequest.PostAsync(org.Api("/components"), new() { DataObject = new { name = "Sneaky" } });
        Assert.Equal(400, missing.Status);
        Assert.Empty((await org.Get("/components")).AsArray());
    });

    [Fact]
    public Task The_operator_cookie_opens_its_own_organization_s_api_only_and_keyless_calls_still_get_401() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var other = await node.Host.NewOrganization(fixture);
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "viewer"));

        Assert.Equal(200, (await page.APIRequest.GetAsync(org.Api("/components"))).Status);
        Assert.Equal(404, (await page.APIRequest.GetAsync(other.Api("/components"))).Status);

        var keyless = await node.Host.Client().GetAsync(org.Api("/components"));
        await keyless.AssertProblem(401);
        var expired = new HttpRequestMessage(HttpMethod.Get, org.Api("/components"));
        expired.Headers.Add("Cookie", "statuspage.operator=expired-or-forged");
        await (await node.Host.Client().SendAsync(expired)).AssertProblem(401);
    });

    [Fact]
    public Task An_owner_invites_a_member_who_joins_then_changes_their_role_and_removes_them() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var owner = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        await owner.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        var email = $"new-{Guid.NewGuid():N}@example.com";
        var invite = owner.Locator("#invite");
        await invite.GetByLabel("Email").FillAsync(email);
        await invite.GetByLabel("Role").SelectOptionAsync("viewer");
        await invite.GetByRole(AriaRole.Button, new() { Name = "Invite" }).ClickAsync();
        await Expect(owner.Locator("#invite-result")).ToContainTextAsync($"An invitation was emailed to {email}");
        Assert.DoesNotContain("/dashboard/invitations/", await owner.ContentAsync());
        await Expect(owner.Locator("#members")).ToContainTextAsync(email);

        var member = await _browser.NewPage(node.Host);
        await member.GotoAsync("/dashboard/invitations/" + await DashboardBrowser.InvitationToken(fixture, email));
        await member.GetByLabel("Your name").FillAsync("New Person");
        await member.GetByLabel(new Regex("^Password")).FillAsync("short");
        await member.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(member.Locator("[data-error-for=password]")).ToContainTextAsync("at least 10 characters");
        await Expect(member.GetByLabel("Your name")).ToHaveValueAsync("New Person");
        await member.GetByLabel(new Regex("^Password")).FillAsync(DashboardBrowser.Password);
        await member.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await DashboardBrowser.SignIn(member, email, DashboardBrowser.Password);
        await Expect(member.Locator("header")).ToContainTextAsync("(viewer)");
        Assert.Equal(0, await member.Locator("#declare").CountAsync());

        await owner.ReloadAsync();
        var row = owner.Locator("#members .row", new() { HasText = email });
        await row.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("editor");
        var changed = await owner.RunAndWaitForResponseAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Change role" }).ClickAsync(),
            response => response.Url.Contains("/members/"));
        Assert.Equal(200, changed.Status);
        await member.ReloadAsync();
        await Expect(member.Locator("header")).ToContainTextAsync("(editor)");
        await Expect(member.Locator("#declare")).ToBeVisibleAsync();

        await owner.Locator("#members .row", new() { HasText = email }).GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Expect(owner.Locator("#members")).Not.ToContainTextAsync(email);
        await member.ReloadAsync();
        Assert.Contains("/dashboard/sign-in", member.Url);
        var again = await DashboardBrowser.SignIn(member, email, DashboardBrowser.Password);
        Assert.Equal(401, again.Status);
    });

    [Fact]
    public Task Groups_components_maintenance_and_settings_are_managed_from_the_dashboard() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));

        await page.Locator("#add-group").GetByLabel("Group name").FillAsync("Platform");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add group" }).ClickAsync();
        await Expect(page.Locator("#components h3")).ToHaveTextAsync("Platform");
        foreach (var name in new[] { "API", "Web" })
        {
            var add = page.Locator("#add-component");
            await add.GetByLabel("Component name").FillAsync(name);
            await add.GetByLabel("Group").SelectOptionAsync(new SelectOptionValue { Label = "Platform" });
            await add.GetByRole(AriaRole.Button, new() { Name = "Add component" }).ClickAsync();
            await Expect(page.Locator("#components")).ToContainTextAsync(name);
        }

        var names = page.Locator("#components [data-component] > span > a");
        await Expect(names).ToHaveTextAsync(["API", "Web"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move Web up" }).ClickAsync();
        await Expect(names).ToHaveTextAsync(["Web", "API"]);
        var dropped = await page.RunAndWaitForResponseAsync(() => page.Locator("#components [data-component]", new() { HasText = "API" })
                .DragToAsync(page.Locator("#components [data-component]", new() { HasText = "Web" }),
                    new() { SourcePosition = new() { X = 2, Y = 2 }, TargetPosition = new() { X = 2, Y = 2 } }),
            response => response.Url.EndsWith("/components/order"));
        Assert.Equal(204, dropped.Status);
        await Expect(names).ToHaveTextAsync(["API", "Web"]);
        await page.ReloadAsync();
        await Expect(names).ToHaveTextAsync(["API", "Web"]);

        await page.GetByRole(AriaRole.Form, new() { Name = "Remove group Platform" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Remove group Platform" }).GetByRole(AriaRole.Alert)).ToContainTextAsync("still holds 2 component(s)");
        await page.Locator("#add-group").GetByLabel("Group name").FillAsync("Spare");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add group" }).ClickAsync();
        await Expect(page.Locator("#components h3")).ToHaveTextAsync(["Platform", "Spare"]);
        await page.GetByRole(AriaRole.Form, new() { Name = "Remove group Spare" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#components h3")).ToHaveTextAsync(["Platform"]);

        await names.Nth(0).ClickAsync();
        var edit = page.Locator("#edit");
        await edit.GetByLabel("Name").FillAsync("Public API");
        await edit.GetByLabel("Status").SelectOptionAsync("degraded_performance");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Public API");
        await Expect(page.Locator("#component .badge")).ToHaveTextAsync("Degraded performance");
        await Expect(page.Locator("#history ~ div tbody tr .actor")).ToHaveTextAsync(Enumerable.Repeat(new Regex("^user:"), 5));

        await page.GetByRole(AriaRole.Link, new() { Name = "Maintenance" }).ClickAsync();
        var schedule = page.Locator("#schedule");
        await schedule.GetByLabel("Name").FillAsync("Database upgrade");
        await schedule.GetByLabel("Message (markdown)").FillAsync("Ten minutes of read-only mode.");
        await schedule.GetByLabel("Public API").CheckAsync();
        await schedule.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        var window = page.Locator("#maintenances article", new() { HasText = "Database upgrade" });
        await Expect(window).ToContainTextAsync("Scheduled");
        await Expect(window).ToContainTextAsync("Public API");
        await window.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#maintenances article", new() { HasText = "Database upgrade" })).ToContainTextAsync("Cancelled");

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        var settings = page.Locator("#settings");
        await settings.GetByLabel(new Regex("^Slug")).FillAsync("Bad Slug");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(settings.Locator("[data-error-for=slug]")).ToContainTextAsync("'slug' must be");
        await settings.GetByLabel(new Regex("^Slug")).FillAsync(org.Slug);
        await settings.GetByLabel("Name").FillAsync("Renamed Org");
        await settings.GetByLabel(new Regex("^Time zone")).FillAsync("Europe/Paris");
        var saved = await page.RunAndWaitForResponseAsync(() => settings.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync(),
            response => response.Url.EndsWith(org.Api()));
        Assert.Equal(200, saved.Status);
        var organization = await org.Get("");
        Assert.Equal(("Renamed Org", "Europe/Paris"), (organization["name"]!.GetValue<string>(), organization["timeZone"]!.GetValue<string>()));
    });

    [Fact]
    public Task The_dashboard_fits_a_phone_screen_without_sideways_scrolling() => _browser.Recorded(async () =>
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent("Application programming interface");
        var incident = await org.Declare(api);
        var page = await _browser.SignedIn(node.Host, await DashboardBrowser.Operator(org, node.Host, "owner"));
        await page.SetViewportSizeAsync(360, 740);
        foreach (var path in new[] { "/dashboard", $"/dashboard/incidents/{incident}", "/dashboard/maintenance", "/dashboard/keys", "/dashboard/team",
                     "/dashboard/subscribers", "/dashboard/webhooks", $"/dashboard/components/{api}", "/dashboard/settings" })
        {
            await page.GotoAsync(path);
            var wider = await page.EvaluateAsync<string>("""
                document.documentElement.scrollWidth <= window.innerWidth ? '' : [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth).map(e => e.tagName + '#' + e.id + '.' + e.className + '[' + e.textContent.trim().slice(0, 20) + ']' + Math.round(e.getBoundingClientRect().right)).join(' ')
                """);
            Assert.True(wider == "", $"{path} scrolls sideways: {wider} is wider than the screen");
        }
    });

    /// <summary>What a tampered page or another tool could send with the operator's cookie and a valid token.</summary>
    private static Task<int> Post(IPage page, string url, string body) => page.EvaluateAsync<int>("""
        async ([url, body]) => (await fetch(url, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
            body: body + '&__RequestVerificationToken=' + encodeURIComponent(document.querySelector('meta[name=csrf]').content) })).status
        """, new[] { url, body });
}
