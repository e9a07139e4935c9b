using System.Net.Http.Json;
using Microsoft.Playwright;
using Npgsql;
using StatusPage.Host.Configuration;
using static Microsoft.Playwright.Assertions;

namespace StatusPage.Browser.Tests.Dashboard;

/// <summary>A fresh installation (its own empty database): the dashboard offers to create the first organization and owner, once.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly DashboardBrowser _browser = new();
    private readonly string _database = "first_run_" + Guid.NewGuid().ToString("N")[..12];
    private HostProcess _host = null!;

    private static string Server => PostgresUrl.ToConnectionString(
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? Environment.GetEnvironmentVariable("DATABASE_URL")!);

    public async Task InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(Server))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {_database}", connection).ExecuteNonQueryAsync();
        }

        var fresh = new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString;
        _host = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string> { ["DATABASE_URL"] = fresh });
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE {_database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }

    [Fact]
    public Task The_first_run_creates_the_owner_of_the_first_organization_and_then_is_gone() => _browser.Recorded(async () =>
    {
        var page = await _browser.NewPage(_host);
        await page.GotoAsync("/dashboard");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Set up StatusPage");

        await page.GetByLabel("Organization name").FillAsync("Acme");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^Slug")).FillAsync("Not A Slug");
        await page.GetByLabel("Your name").FillAsync("Ada");
        await page.GetByLabel("Your email").FillAsync("ada@example.com");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^Password")).FillAsync(DashboardBrowser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization and account" }).ClickAsync();
        await Expect(page.Locator("[data-error-for=slug]")).ToContainTextAsync("'slug' must be");
        await Expect(page.GetByLabel("Organization name")).ToHaveValueAsync("Acme");

        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^Slug")).FillAsync("acme");
        await page.GetByLabel(new System.Text.RegularExpressions.Regex("^Password")).FillAsync(DashboardBrowser.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organization and account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        await DashboardBrowser.SignIn(page, "ada@example.com", DashboardBrowser.Password);
        await Expect(page.Locator("header strong")).ToHaveTextAsync("Acme");
        await Expect(page.Locator("header")).ToContainTextAsync("(owner)");

        await page.GotoAsync("/dashboard/setup");
        Assert.Contains("/dashboard/sign-in", page.Url);
        var again = await _host.Client().PostAsJsonAsync("/api/setup", new
        {
            organizationName = "Evil", slug = "evil", name = "Eve", email = "eve@example.com", password = DashboardBrowser.Password
        });
        await again.AssertProblem(409);
    });
}
