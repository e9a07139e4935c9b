using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StatusPage.Application.Team;
using StatusPage.Integration.Tests.Email;
using Wolverine;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests.Dashboard;

/// <summary>Operator accounts over HTTP against the host: invitations, sign-in and lockout, sessions, passwords.</summary>
[Collection(StatusPageCollection.Name)]
public sealed partial class AccountsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_invitation_to_an_address_with_an_account_is_mailed_only_and_accepted_only_by_that_account_signed_in()
    {
        var ada = await Operator(await fixture.NewOrganization(), "editor");
        var other = await fixture.NewOrganization("Other Org");

        var invited = await other.Owner.PostAsJsonAsync(other.Api("/invitations"), new { email = ada.Email, role = "owner" });
        Assert.Equal(201, (int)invited.StatusCode);
        var answer = await invited.Content.ReadAsStringAsync();
        Assert.DoesNotContain("acceptPath", answer);
        Assert.DoesNotContain("/dashboard/invitations/", answer);
        var token = await DashboardBrowser.InvitationToken(fixture, ada.Email, 2);

        // Neither the right password nor a wrong one does anything here, and both get the same answer.
        var withPassword = await fixture.Client().PostAsJsonAsync("/api/invitations/accept", new { token, password = ada.Password });
        var withGuess = await fixture.Client().PostAsJsonAsync("/api/invitations/accept", new { token, password = "a wrong guess" });
        Assert.Equal((await withPassword.AssertProblem(401))["detail"]!.GetValue<string>(), (await withGuess.AssertProblem(401))["detail"]!.GetValue<string>());

        var anonymousPage = await (await fixture.Client().GetAsync($"/dashboard/invitations/{token}")).Content.ReadAsStringAsync();
        Assert.Contains($"{ada.Email} already has an account", anonymousPage);
        Assert.DoesNotContain("type=\"password\"", anonymousPage);
        var session = OperatorSession.On(fixture);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignIn(ada.Email, ada.Password)).StatusCode);
        var page = await (await session.Client.GetAsync($"/dashboard/invitations/{token}")).Content.ReadAsStringAsync();
        Assert.Contains($"Join as {ada.Email}, the account you are signed in with", page);
        var accepted = await session.Post("/api/invitations/accept", new { token }, $"/dashboard/invitations/{token}");
        Assert.Equal(201, (int)accepted.StatusCode);
        Assert.Equal(other.Id, Guid.Parse((await accepted.Json())["organizationId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Wrong_passwords_sent_at_once_all_count_and_the_right_one_is_then_refused()
    {
        var person = await Operator(await fixture.NewOrganization(), "viewer");
        var sessions = Enumerable.Range(0, 20).Select(_ => OperatorSession.On(fixture)).ToList();
        var tokens = await Task.WhenAll(sessions.Select(s => s.FormToken("/dashboard/sign-in")));

        var answers = await Task.WhenAll(sessions.Select((s, i) => s.Client.PostAsync("/dashboard/sign-in", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = tokens[i], ["email"] = person.Email, ["password"] = $"guess {i}" }))));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, (await OperatorSession.On(fixture).SignIn(person.Email, person.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        var person = await Operator(await fixture.NewOrganization(), "viewer");
        var unknown = await Refusal(Mailbox.NewAddress("nobody"), DashboardBrowser.Password);
        var wrong = await Refusal(person.Email, "not the password");
        for (var attempt = 2; attempt <= 5; attempt++) await Refusal(person.Email, $"guess {attempt}");
        var locked = await Refusal(person.Email, person.Password);

        Assert.Equal((401, OperatorSignIn.Refused), unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, locked);
    }

    [Fact]
    public async Task Signing_out_ends_every_session_of_that_person()
    {
        var org = await fixture.NewOrganization();
        var person = await Operator(org, "editor");
        var laptop = await SignedIn(person);
        var phone = await SignedIn(person);
        Assert.True(await phone.SignedIn(org));

        var signedOut = await laptop.Client.PostAsync("/dashboard/sign-out", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = await laptop.FormToken("/dashboard") }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.False(await laptop.SignedIn(org));
        Assert.False(await phone.SignedIn(org));
        Assert.True(await (await SignedIn(person)).SignedIn(org));
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_this_session_and_every_other()
    {
        var org = await fixture.NewOrganization();
        var person = await Operator(org, "viewer");
        var laptop = await SignedIn(person);
        var phone = await SignedIn(person);

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.Post("/api/account/sign-out-everywhere", new { })).StatusCode);

        Assert.False(await laptop.SignedIn(org));
        Assert.False(await phone.SignedIn(org));
        await (await fixture.Client().PostAsJsonAsync("/api/account/sign-out-everywhere", new { })).AssertProblem(401);
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_ends_every_other_session()
    {
        var org = await fixture.NewOrganization();
        var person = await Operator(org, "editor");
        var laptop = await SignedIn(person);
        var phone = await SignedIn(person);
        const string newPassword = "a brand new passphrase";

        var wrong = await laptop.Post("/api/account/password", new { currentPassword = "not it", newPassword });
        Assert.StartsWith("'currentPassword'", (await wrong.AssertProblem(400))["detail"]!.GetValue<string>());
        var tooShort = await laptop.Post("/api/account/password", new { currentPassword = person.Password, newPassword = "short" });
        Assert.StartsWith("'newPassword'", (await tooShort.AssertProblem(400))["detail"]!.GetValue<string>());
        Assert.True(await phone.SignedIn(org));

        Assert.Equal(HttpStatusCode.NoContent, (await laptop.Post("/api/account/password", new { currentPassword = person.Password, newPassword })).StatusCode);

        Assert.True(await laptop.SignedIn(org));
        Assert.False(await phone.SignedIn(org));
        Assert.Equal(HttpStatusCode.Unauthorized, (await OperatorSession.On(fixture).SignIn(person.Email, person.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OperatorSession.On(fixture).SignIn(person.Email, newPassword)).StatusCode);
        await (await org.Owner.PostAsJsonAsync("/api/account/password", new { currentPassword = person.Password, newPassword })).AssertProblem(401);
    }

    [Fact]
    public async Task A_forgotten_password_is_reset_by_a_mailed_link_that_works_once_and_expires()
    {
        var org = await fixture.NewOrganization();
        var person = await Operator(org, "editor");
        var signedIn = await SignedIn(person);
        var nobody = Mailbox.NewAddress("nobody");

        var unknown = await fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
            Assert.Equal(HttpStatusCode.Accepted, (await fixture.Client().PostAsJsonAsync("/api/account/password-reset", new { email = nobody })).StatusCode)));
        Assert.Empty(unknown.Sent.MessagesOf<PasswordResetMail>());
        Assert.Equal(HttpStatusCode.Accepted,
            (await fixture.Client().PostAsJsonAsync("/api/account/password-reset", new { email = person.Email.ToUpperInvariant() })).StatusCode);
        var token = await ResetToken(person.Email, 2);

        var complete = (string password) => fixture.Client().PostAsJsonAsync("/api/account/password-reset/complete", new { token, password });
        await (await complete("short")).AssertProblem(400);
        await Answered(HttpStatusCode.NoContent, await complete("chosen after forgetting"));
        await (await complete("chosen a second time")).AssertProblem(404);

        Assert.False(await signedIn.SignedIn(org));
        Assert.Equal(HttpStatusCode.Unauthorized, (await OperatorSession.On(fixture).SignIn(person.Email, person.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OperatorSession.On(fixture).SignIn(person.Email, "chosen after forgetting")).StatusCode);

        await fixture.Client().PostAsJsonAsync("/api/account/password-reset", new { email = person.Email });
        token = await ResetToken(person.Email, 3);
        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        await (await complete("too late for this link")).AssertProblem(409);
        var page = await (await fixture.Client().GetAsync($"/dashboard/reset-password/{token}")).Content.ReadAsStringAsync();
        Assert.Contains("/api/account/password-reset/complete", page);
        var forgot = await (await fixture.Client().GetAsync("/dashboard/forgot-password")).Content.ReadAsStringAsync();
        Assert.Contains("/api/account/password-reset", forgot);
    }

    [Fact]
    public async Task A_session_ends_after_its_maximum_lifetime_however_busy_it_is()
    {
        var org = await fixture.NewOrganization();
        var session = await SignedIn(await Operator(org, "viewer"));

        // Each request comes well within the idle limit (8 hours) and renews the cookie; the fourth is past 24 hours.
        for (var step = 1; step <= 3; step++)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(7));
            Assert.True(await session.SignedIn(org), $"after {7 * step} hours");
        }

        fixture.Clock.Advance(TimeSpan.FromHours(7));
        Assert.False(await session.SignedIn(org));
    }

    private static async Task Answered(HttpStatusCode status, HttpResponseMessage answer) =>
        Assert.True(status == answer.StatusCode, $"Expected {status} but got {answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");

    private Task<TestOperator> Operator(TestOrganization org, string role) => DashboardBrowser.Operator(org, fixture.Client(), role);

    private async Task<OperatorSession> SignedIn(TestOperator person)
    {
        var session = OperatorSession.On(fixture);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignIn(person.Email, person.Password)).StatusCode);
        return session;
    }

    private async Task<(int, string)> Refusal(string email, string password)
    {
        var answer = await OperatorSession.On(fixture).SignIn(email, password);
        var alert = AlertPattern().Match(await answer.Content.ReadAsStringAsync());
        return ((int)answer.StatusCode, WebUtility.HtmlDecode(alert.Groups[1].Value));
    }

    private async Task<string> ResetToken(string email, int count)
    {
        var mails = await fixture.Mail.Receive(email, count);
        return Mailbox.PathOf(mails[^1].Link("/dashboard/reset-password/")).Split('/')[^1];
    }

    [GeneratedRegex("<p class=\"form-error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex AlertPattern();
}
