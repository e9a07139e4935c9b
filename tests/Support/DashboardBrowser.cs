using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace StatusPage.Testing;

/// <summary>An operator account made through the API: invited by the owner key, accepted from the mailed link with a password.</summary>
public sealed record TestOperator(string Email, string Password, string Role);

/// <summary>
/// Chromium against a host process, one browser context per person, and a screenshot of every open page when a test
/// fails (under screenshots/ beside the test assembly).
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string Password = "correct horse battery";
    private readonly List<IBrowserContext> _contexts = [];
    private readonly Chromium _chromium = new();

    public Task InitializeAsync() => _chromium.InitializeAsync();

    public Task DisposeAsync() => _chromium.DisposeAsync();

    public async Task<IPage> NewPage(HostProcess host, bool javaScript = true)
    {
        var context = await _chromium.Browser.NewContextAsync(new() { BaseURL = host.BaseAddress.ToString(), JavaScriptEnabled = javaScript });
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Runs a test body, saving a screenshot of every page it opened if it fails.</summary>
    public async Task Recorded(Func<Task> test, [CallerMemberName] string name = "")
    {
        try
        {
            await test();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var pages = _contexts.SelectMany(c => c.Pages).ToList();
            for (var i = 0; i < pages.Count; i++)
                await pages[i].ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{i}.png"), FullPage = true });
            throw;
        }
        finally
        {
            foreach (var context in _contexts) await context.DisposeAsync();
            _contexts.Clear();
        }
    }

    public static Task<TestOperator> Operator(TestOrganization org, HostProcess host, string role) => Operator(org, host.Client(), role);

    public static async Task<TestOperator> Operator(TestOrganization org, HttpClient anonymous, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.com";
        var invited = await org.Owner.PostAsJsonAsync(org.Api("/invitations"), new { email, role });
        Assert.Equal(201, (int)invited.StatusCode);
        var token = await InvitationToken(org.Fixture, email);
        var accepted = await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, name = $"{role} person", password = Password });
        Assert.Equal(201, (int)accepted.StatusCode);
        return new TestOperator(email, Password, role);
    }

    /// <summary>The token of the invitation link the test SMTP server caught for <paramref name="email"/> (the latest one).</summary>
    public static async Task<string> InvitationToken(StatusPageFixture fixture, string email, int count = 1)
    {
        var mail = (await fixture.Mail.Receive(email, count))[^1];
        return Mailbox.PathOf(mail.Link("/dashboard/invitations/")).Split('/')[^1];
    }

    public static async Task<IResponse> SignIn(IPage page, string email, string password)
    {
        await page.GotoAsync("/dashboard/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.EndsWith("/dashboard/sign-in"));
        // Callers wait for what the answer shows with Expect, which retries; a wait for the page's load event here
        // once hung although the page had loaded.
        return answer;
    }

    public async Task<IPage> SignedIn(HostProcess host, TestOperator person, bool javaScript = true)
    {
        var page = await NewPage(host, javaScript);
        await SignIn(page, person.Email, person.Password);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview");
        return page;
    }
}
