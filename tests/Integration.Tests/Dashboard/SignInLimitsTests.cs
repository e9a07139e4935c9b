using System.Net;
using StatusPage.Integration.Tests.Email;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Dashboard;

/// <summary>Sign-in's rate limits, per account and per client address, on a host of their own with small limits.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class SignInLimitsTests(StatusPageFixture fixture) : IAsyncLifetime
{
    private const int PerClient = 6;
    private const int PerAccount = 3;
    private HostProcess _host = null!;

    public async Task InitializeAsync() => _host = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
    {
        ["SignIn__PerClientPerMinute"] = PerClient.ToString(), ["SignIn__PerAccountPerMinute"] = PerAccount.ToString()
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Sign_in_is_limited_per_account_whatever_the_password_and_per_client_address_with_retry_after()
    {
        var org = await _host.NewOrganization(fixture);
        var person = await DashboardBrowser.Operator(org, _host, "viewer");
        var session = OperatorSession.On(_host);

        for (var attempt = 1; attempt <= PerAccount; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.SignIn(person.Email, $"guess {attempt}")).StatusCode);
        var account = await session.SignIn(person.Email, person.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, account.StatusCode);
        Assert.InRange(int.Parse(account.Headers.RetryAfter!.ToString()), 1, 60);
        Assert.Contains("Too many sign-in attempts for this address", await account.Content.ReadAsStringAsync());

        for (var attempt = PerAccount + 2; attempt <= PerClient; attempt++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.SignIn(Mailbox.NewAddress("nobody"), "a guess")).StatusCode);
        var client = await session.SignIn(Mailbox.NewAddress("nobody"), "a guess");
        await client.AssertProblem(429);
        Assert.InRange(int.Parse(client.Headers.RetryAfter!.ToString()), 1, 60);
    }
}
