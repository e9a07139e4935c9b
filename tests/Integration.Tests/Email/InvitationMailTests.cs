using System.Net.Http.Json;
using StatusPage.Application.Team;
using Wolverine;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests.Email;

[Collection(StatusPageCollection.Name)]
public sealed class InvitationMailTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_invitation_mails_its_accept_link_only_to_the_invited_address_and_a_refused_one_mails_nothing()
    {
        var org = await fixture.NewOrganization("Acme Cloud");
        var invited = Mailbox.NewAddress("invited");
        var response = await org.Owner.PostAsJsonAsync(org.Api("/invitations"), new { email = invited.ToUpperInvariant(), role = "editor" });
        Assert.Equal(201, (int)response.StatusCode);
        var answer = (await response.Json()).AsObject();
        Assert.Equal(invited, answer["email"]!.GetValue<string>());
        Assert.DoesNotContain("acceptPath", answer.Select(p => p.Key));

        var mail = Assert.Single(await fixture.Mail.Receive(invited));
        Assert.Equal("[Acme Cloud] You are invited to join Acme Cloud", mail.Subject);
        var acceptPath = Mailbox.PathOf(mail.Link("/dashboard/invitations/"));
        Assert.DoesNotContain(acceptPath.Split('/')[^1], answer.ToJsonString());
        Assert.Contains(acceptPath, mail.HtmlBody);
        Assert.Contains("an editor", mail.TextBody);

        var accepted = await fixture.Client().PostAsJsonAsync("/api/invitations/accept",
            new { token = acceptPath.Split('/')[^1], name = "Invited Person", password = "correct horse battery" });
        Assert.Equal(201, (int)accepted.StatusCode);

        var refused = await fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
            await (await org.Owner.PostAsJsonAsync(org.Api("/invitations"), new { email = invited, role = "viewer" })).AssertProblem(409)));
        Assert.Empty(refused.Sent.MessagesOf<InvitationMail>());
        Assert.Single(fixture.Mail.To(invited));
    }
}
