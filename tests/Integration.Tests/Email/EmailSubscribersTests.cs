using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using StatusPage.Application.Subscribers;

namespace StatusPage.Integration.Tests.Email;

[Collection(StatusPageCollection.Name)]
public sealed class EmailSubscribersTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task The_subscriber_export_is_for_editors_and_owners()
    {
        var org = await fixture.NewOrganization();
        await (await fixture.Client(await org.Key("viewer")).GetAsync(org.Api("/subscribers/export"))).AssertProblem(403);
        Assert.Equal(200, (int)(await fixture.Client(await org.Key("editor")).GetAsync(org.Api("/subscribers/export"))).StatusCode);
    }

    [Fact]
    public async Task A_reader_gets_one_verification_mail_then_notifications_with_list_headers_and_leaves_by_one_click()
    {
        var org = await fixture.NewOrganization("Acme Cloud");
        var api = await org.AddComponent("API");
        var reader = Mailbox.NewAddress();
        var witness = Mailbox.NewAddress("witness");
        await Import(org, consented: true, witness);

        var first = await fixture.Subscribe(org.Slug, new { email = reader.ToUpperInvariant() });
        var again = await fixture.Subscribe(org.Slug, new { email = reader });
        Assert.Equal((202, first.Body), (again.Status, again.Body));
        var verification = Assert.Single(await fixture.Mail.Receive(reader));
        Assert.Equal("[Acme Cloud] Confirm your subscription", verification.Subject);
        Assert.Equal("pending", (await Row(org, reader)).State);
        Assert.Single(await History(org, reader), e => e.Type == "subscriber_verification_requested");

        var link = Mailbox.PathOf(verification.Link("/subscribe/"));
        var opened = await fixture.Client().GetStringAsync(link);
        Assert.Contains($"<form method=\"post\" action=\"{link}\">", opened);
        Assert.Equal("pending", (await Row(org, reader)).State);
        var confirmed = await fixture.Client().PostAsync(link, null);
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Contains("Subscription confirmed", await confirmed.Content.ReadAsStringAsync());
        Assert.Equal("verified", (await Row(org, reader)).State);
        Assert.Equal(404, (int)(await fixture.Client().PostAsync(link, null)).StatusCode);
        Assert.Equal(404, (int)(await fixture.Client().GetAsync(link)).StatusCode);

        var incident = await org.Declare(api);
        var notice = (await fixture.Mail.Receive(reader, 2))[1];
        Assert.Equal("[Acme Cloud] Incident: Database down (Investigating)", notice.Subject);
        var incidentUrl = $"http://127.0.0.1:5000/{org.Slug}/incidents/{incident}";
        AssertListMail(notice, org.Slug, incidentUrl);
        Assert.Contains("We are looking into it.", notice.TextBody);

        var unsubscribe = notice.Headers[HeaderId.ListUnsubscribe]!.Trim('<', '>');
        var oneClick = await fixture.Client().PostAsync(Mailbox.PathOf(unsubscribe),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(200, (int)oneClick.StatusCode);
        Assert.Equal("unsubscribed", (await Row(org, reader)).State);

        await Resolve(org, incident);
        Assert.Equal("[Acme Cloud] Resolved: Database down", (await fixture.Mail.Receive(witness, 2))[1].Subject);
        await Ledgered(witness, 2);
        Assert.Equal(2, fixture.Mail.To(reader).Count);
        var history = await History(org, reader);
        Assert.Equal(["subscriber_signed_up", "subscriber_verification_requested", "subscriber_verified", "subscriber_unsubscribed"],
            history.Select(e => e.Type));
        Assert.Equal("one-click", history[3].DataAs<UnsubscribedAnswer>().Via);
    }

    [Fact]
    public async Task A_subscriber_has_one_manage_link_in_every_mail_and_on_the_confirmation_page_and_expired_links_are_swept()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var (reader, late) = (Mailbox.NewAddress(), Mailbox.NewAddress("late"));
        await fixture.Subscribe(org.Slug, new { email = reader });
        await fixture.Subscribe(org.Slug, new { email = late });
        var confirmed = await (await fixture.Client().PostAsync(Mailbox.PathOf((await fixture.Mail.Receive(reader))[0].Link("/subscribe/")), null))
            .Content.ReadAsStringAsync();
        var shown = System.Text.RegularExpressions.Regex.Match(confirmed, "action=\"(/unsubscribe/[A-Za-z0-9_-]{32})\"").Groups[1].Value;

        var incident = await org.Declare(api);
        await Resolve(org, incident);
        var mails = (await fixture.Mail.Receive(reader, 3)).Skip(1).ToList();
        Assert.All(mails, m => Assert.Equal(shown, Mailbox.PathOf(m.Link("/unsubscribe/"))));
        Assert.Equal(1, await Tokens(org, TokenPurpose.Manage));

        var expiring = Mailbox.PathOf((await fixture.Mail.Receive(late))[0].Link("/subscribe/"));
        fixture.Clock.Advance(TimeSpan.FromHours(49));
        var next = Mailbox.NewAddress("next");
        await fixture.Subscribe(org.Slug, new { email = next });
        await fixture.Mail.Receive(next);
        Assert.Equal(1, await Tokens(org, TokenPurpose.Verify));
        Assert.Equal(404, (int)(await fixture.Client().GetAsync(expiring)).StatusCode);
    }

    private async Task<int> Tokens(TestOrganization org, TokenPurpose purpose)
    {
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Query<SubscriberToken>().CountAsync(t => t.OrganizationId == org.Id && t.Purpose == purpose);
    }

    [Fact]
    public async Task The_manage_link_changes_components_and_the_page_link_unsubscribes()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var web = await org.AddComponent("Website");
        var reader = Mailbox.NewAddress();
        await Import(org, consented: true, reader);
        await org.Declare(web);
        var manage = Mailbox.PathOf((await fixture.Mail.Receive(reader))[0].Link("/unsubscribe/"));

        var page = await fixture.Client().GetStringAsync(manage);
        Assert.Contains("Website", page);
        var saved = await fixture.Client().PostAsync(manage + "/components",
            new FormUrlEncodedContent([new("scope", "some"), new("componentIds", api.ToString())]));
        Assert.Equal(200, (int)saved.StatusCode);
        Assert.Equal([api], (await Row(org, reader)).Components);

        var left = await fixture.Client().PostAsync(manage, new FormUrlEncodedContent([]));
        Assert.Contains("Unsubscribed", await left.Content.ReadAsStringAsync());
        Assert.Equal("unsubscribed", (await Row(org, reader)).State);
        Assert.Equal("page", (await History(org, reader)).Last().DataAs<UnsubscribedAnswer>().Via);
        var after = await fixture.Client().GetStringAsync(manage);
        Assert.Contains("Not subscribed", after);
        Assert.DoesNotContain("componentIds", after);
    }

    [Fact]
    public async Task Subscribers_hear_of_components_they_follow_kinds_the_organization_emails_and_updates_not_marked_do_not_notify()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var web = await org.AddComponent("Website");
        var (everything, apiOnly, webOnly) = (Mailbox.NewAddress("all"), Mailbox.NewAddress("api"), Mailbox.NewAddress("web"));
        var import = await org.Owner.PostAsync(org.Api("/subscribers/import?consented=true"),
            new StringContent($"email,componentIds\n{everything}\n{apiOnly},{api}\n{webOnly},{web}\n", System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(200, (int)import.StatusCode);
        Assert.Equal(3, (await org.Get<SubscriberPageAnswer>("/subscribers?state=verified")).Total);

        var incident = await org.Declare(api);
        await fixture.Mail.Receive(everything);
        await fixture.Mail.Receive(apiOnly);
        await Ledgered(apiOnly, 1);
        await Ledgered(everything, 1);
        Assert.Empty(fixture.Mail.To(webOnly));

        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
            new { status = "identified", message = "Quietly noted.", notify = false })).StatusCode);
        var preferences = await org.Owner.PatchAsJsonAsync(org.Api(""), new
        {
            notificationPreferences = new { emailedNotices = new[] { "incident.created", "incident.resolved" } }
        });
        Assert.Equal(200, (int)preferences.StatusCode);
        Assert.Equal(["incident.created", "incident.resolved"], (await org.Read()).NotificationPreferences.EmailedNotices);
        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
            new { status = "monitoring", message = "Updates are not emailed any more." })).StatusCode);
        await Resolve(org, incident);

        Assert.Equal("Resolved: ", (await fixture.Mail.Receive(everything, 2))[1].Subject!.Split(']')[1][1..11]);
        await Ledgered(everything, 2);
        await Ledgered(apiOnly, 2);
        Assert.Equal(2, fixture.Mail.To(everything).Count);
        Assert.Equal(2, fixture.Mail.To(apiOnly).Count);
        Assert.Empty(fixture.Mail.To(webOnly));

        await (await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { emailedNotices = new[] { "incident.exploded" } } }))
            .AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { ownerEmails = new[] { "not an address" } } }))
            .AssertProblem(400);
    }

    [Fact]
    public async Task Bad_addresses_forged_links_and_floods_get_clear_answers_and_no_header_can_be_injected()
    {
        var org = await fixture.NewOrganization("Line\r\nBcc: evil@example.com");
        var api = await org.AddComponent("API");
        foreach (var bad in new[] { "", "no-at-sign", "a@b", "Reader <reader@example.com>", "reader@example.com\r\nBcc: evil@example.com",
                     "one@example.com, two@example.com", "reader@example.com\n" })
        {
            var answer = await fixture.Subscribe(org.Slug, new { email = bad });
            Assert.True(400 == answer.Status, $"{bad}: {answer.Status} {answer.Body}");
            Assert.Contains("email", answer.Body);
        }

        Assert.Equal(400, (await fixture.Subscribe(org.Slug, new { email = Mailbox.NewAddress(), componentIds = new[] { Guid.NewGuid() } })).Status);
        Assert.Equal(404, (await fixture.Subscribe("no-such-page-" + Guid.NewGuid().ToString("N")[..8], new { email = Mailbox.NewAddress() })).Status);

        foreach (var forged in new[] { "/subscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/subscribe/x", "/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
        {
            var response = await fixture.Client().GetAsync(forged);
            Assert.Equal(404, (int)response.StatusCode);
            Assert.Contains("This link does not work", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(404, (int)(await fixture.Client().PostAsync("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null)).StatusCode);

        var flooder = IPAddress.Parse("192.0.2.77");
        var answers = new List<(int Status, string Body, string? RetryAfter)>();
        for (var i = 0; i < 11; i++) answers.Add(await fixture.Subscribe(org.Slug, new { email = Mailbox.NewAddress() }, flooder));
        Assert.All(answers.Take(10), a => Assert.Equal(202, a.Status));
        Assert.Equal(429, answers[10].Status);
        Assert.True(int.Parse(answers[10].RetryAfter!) > 0);

        var reader = Mailbox.NewAddress();
        await Import(org, consented: true, reader);
        var incident = await org.Owner.PostAsJsonAsync(org.Api("/incidents"), new
        {
            name = "Outage\r\nBcc: evil@example.com", impact = "major", status = "investigating", message = "Line one\r\nBcc: evil@example.com",
            components = new Dictionary<Guid, string> { [api] = "major_outage" }
        });
        Assert.Equal(201, (int)incident.StatusCode);
        var mail = Assert.Single(await fixture.Mail.Receive(reader));
        Assert.Empty(mail.Bcc);
        Assert.Equal([reader], mail.To.Mailboxes.Select(m => m.Address));
        Assert.DoesNotContain(mail.Headers, h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain('\n', mail.Subject ?? "");
        Assert.DoesNotContain(fixture.Mail.Mails, m => m.To.Any(to => to.StartsWith("evil@")));
    }

    [Fact]
    public async Task Operators_list_search_remove_resend_export_and_see_the_consent_history()
    {
        var org = await fixture.NewOrganization();
        var (pending, verified) = (Mailbox.NewAddress("pending"), Mailbox.NewAddress("verified"));
        await Import(org, consented: false, pending);
        await Import(org, consented: true, verified);
        Assert.Single(await fixture.Mail.Receive(pending));
        Assert.Empty(fixture.Mail.To(verified));

        var found = Assert.Single((await org.Get<SubscriberPageAnswer>($"/subscribers?search={pending[..12]}")).Subscribers);
        Assert.Equal(("pending", pending), (found.State, found.Email));
        var id = found.Id;
        await (await org.Owner.PostAsync(org.Api($"/subscribers/{id}/resend-verification"), null)).AssertProblem(409);

        var export = await org.Owner.GetStringAsync(org.Api("/subscribers/export"));
        Assert.StartsWith("email,componentIds,state,subscribedAt,verifiedAt\n", export);
        Assert.Contains($"{verified},,verified,", export);

        Assert.Equal(204, (int)(await org.Owner.DeleteAsync(org.Api($"/subscribers/{id}"))).StatusCode);
        Assert.Equal(1, (await org.Get<SubscriberPageAnswer>("/subscribers")).Total);
        await (await org.Owner.DeleteAsync(org.Api($"/subscribers/{id}"))).AssertProblem(404);

        var other = await fixture.NewOrganization();
        await (await other.Owner.DeleteAsync(other.Api($"/subscribers/{(await Row(org, verified)).Id}"))).AssertProblem(404);
        await (await fixture.Client().GetAsync(org.Api("/subscribers"))).AssertProblem(401);
    }

    [Fact]
    public async Task When_the_SMTP_server_is_down_as_a_fan_out_begins_every_subscriber_still_gets_exactly_one_email()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var readers = Enumerable.Range(0, 120).Select(i => Mailbox.NewAddress($"r{i}")).ToArray();
        await Import(org, consented: true, readers);

        await fixture.Mail.Stop();
        var down = new TcpListener(IPAddress.Loopback, fixture.Mail.Port);
        down.Start();
        try
        {
            await org.Declare(api);
            // A server that takes the connection and hangs up at once, twice: the fan-out has met it and failed.
            for (var i = 0; i < 2; i++) (await down.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60))).Dispose();
        }
        finally
        {
            down.Stop();
            await fixture.Mail.Start();
        }

        await fixture.Mail.Until(() => readers.All(r => fixture.Mail.Mails.Any(m => m.To.Contains(r))), 120);
        foreach (var reader in readers) await Ledgered(reader, 1);
        Assert.All(readers, r => Assert.Single(fixture.Mail.To(r)));
    }

    [Fact]
    public async Task The_status_page_form_subscribes_and_a_verification_link_expires_after_two_days()
    {
        var org = await fixture.NewOrganization();
        await org.AddComponent("API");
        Assert.Contains($"action=\"/{org.Slug}/subscribe\"", await fixture.Client().GetStringAsync($"/{org.Slug}"));
        var reader = Mailbox.NewAddress();
        var form = await fixture.Client().PostAsync($"/{org.Slug}/subscribe", new FormUrlEncodedContent([new("email", reader)]));
        Assert.Equal(200, (int)form.StatusCode);
        Assert.Contains("Check your inbox", await form.Content.ReadAsStringAsync());
        var refused = await fixture.Client().PostAsync($"/{org.Slug}/subscribe", new FormUrlEncodedContent([new("email", "not-an-address")]));
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("not a valid email address", await refused.Content.ReadAsStringAsync());

        var link = Mailbox.PathOf(Assert.Single(await fixture.Mail.Receive(reader)).Link("/subscribe/"));
        fixture.Clock.Advance(TimeSpan.FromHours(49));
        var expired = await fixture.Client().GetAsync(link);
        Assert.Equal(404, (int)expired.StatusCode);
        Assert.Contains("This link does not work", await expired.Content.ReadAsStringAsync());
        Assert.Equal("pending", (await Row(org, reader)).State);
    }

    [Fact]
    public async Task Permanent_refusals_mark_an_address_bounced_and_it_is_mailed_no_more()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var (bouncer, witness) = (Mailbox.NewAddress("bouncer"), Mailbox.NewAddress("witness"));
        await Import(org, consented: true, bouncer, witness);
        fixture.Mail.Refuses = address => address == bouncer;
        try
        {
            var incident = await org.Declare(api);
            await fixture.Mail.Receive(witness);
            await Ledgered(bouncer, 1);
            await Resolve(org, incident);
            await fixture.Mail.Receive(witness, 2);
            await Ledgered(bouncer, 2);
        }
        finally
        {
            fixture.Mail.Refuses = _ => false;
        }

        var row = await Row(org, bouncer);
        Assert.Equal(("bounced", 2), (row.State, row.Bounces));
        Assert.Equal(2, (await History(org, bouncer)).Count(e => e.Type == "subscriber_bounced"));

        await org.Declare(api);
        await fixture.Mail.Receive(witness, 3);
        await Ledgered(witness, 3);
        Assert.Empty(fixture.Mail.To(bouncer));
        Assert.Equal(2, await LedgerCount(bouncer));
    }

    [Fact]
    public async Task An_owner_alert_reaches_the_owner_addresses_of_the_organization()
    {
        var org = await fixture.NewOrganization("Alerted Org");
        var owner = Mailbox.NewAddress("owner");
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { ownerEmails = new[] { owner } } })).StatusCode);

        await fixture.Host.Services.GetRequiredService<Wolverine.IMessageBus>().PublishAsync(
            new OwnerAlert("Webhook endpoint disabled", "https://hooks.example.com failed 20 times in a row."),
            new Wolverine.DeliveryOptions { TenantId = org.Id.ToString() });

        var alert = Assert.Single(await fixture.Mail.Receive(owner));
        Assert.Equal("[Alerted Org] Webhook endpoint disabled", alert.Subject);
        Assert.Contains("failed 20 times", alert.TextBody);
        Assert.Null(alert.Headers[HeaderId.ListUnsubscribe]);
    }

    [Fact]
    public async Task When_the_SMTP_server_goes_down_in_the_middle_of_a_fan_out_and_comes_back_every_subscriber_gets_exactly_one_email()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var readers = Enumerable.Range(0, 150).Select(i => Mailbox.NewAddress($"m{i}")).ToHashSet();
        await Import(org, consented: true, readers.ToArray());
        int Received() => fixture.Mail.Mails.Count(m => m.To.Any(readers.Contains));
        var refusals = 0;
        var outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void GoDown(StatusPage.MailCatcher.CaughtMail _)
        {
            if (Received() >= 30) fixture.Mail.Unavailable = true;
        }

        void Count()
        {
            if (Interlocked.Increment(ref refusals) >= 3) outage.TrySetResult();
        }

        fixture.Mail.Caught += GoDown;
        fixture.Mail.Refused += Count;
        int beforeOutage;
        try
        {
            await org.Declare(api);
            await outage.Task.WaitAsync(TimeSpan.FromSeconds(60));
            beforeOutage = Received();
        }
        finally
        {
            fixture.Mail.Caught -= GoDown;
            fixture.Mail.Refused -= Count;
            fixture.Mail.Unavailable = false;
        }

        Assert.InRange(beforeOutage, 30, readers.Count - 1);
        await fixture.Mail.Until(() => readers.All(r => fixture.Mail.Mails.Any(m => m.To.Contains(r))), 120);
        foreach (var reader in readers) await Ledgered(reader, 1);
        Assert.All(readers, r => Assert.Single(fixture.Mail.To(r)));
    }

    private static void AssertListMail(MimeMessage mail, string slug, string link)
    {
        Assert.Equal("status@statuspage.test", mail.From.Mailboxes.Single().Address);
        Assert.False(string.IsNullOrEmpty(mail.MessageId));
        Assert.True(mail.Date > DateTimeOffset.UtcNow.AddMinutes(-10));
        Assert.Contains($"<{slug}.127.0.0.1>", mail.Headers[HeaderId.ListId]);
        Assert.Matches(@"^<http://127\.0\.0\.1:5000/unsubscribe/[A-Za-z0-9_-]{32}>$", mail.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Contains(link, mail.TextBody);
        Assert.Contains($"href=\"{link}\"", mail.HtmlBody);
        Assert.Contains("Manage or unsubscribe", mail.TextBody);
        Assert.Contains("Manage or unsubscribe", mail.HtmlBody);
    }

    private async Task Import(TestOrganization org, bool consented, params string[] addresses)
    {
        var response = await org.Owner.PostAsync(org.Api($"/subscribers/import?consented={consented.ToString().ToLowerInvariant()}"),
            new StringContent(string.Join("\n", addresses), System.Text.Encoding.UTF8, "text/csv"));
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static async Task<SubscriberAnswer> Row(TestOrganization org, string address) =>
        (await org.Get<SubscriberPageAnswer>($"/subscribers?search={Uri.EscapeDataString(address)}")).Subscribers.Single();

    private static async Task<List<EventAnswer>> History(TestOrganization org, string address) =>
        await org.Events($"/subscribers/{(await Row(org, address)).Id}");

    private static async Task Resolve(TestOrganization org, Guid incident) =>
        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
            new { status = "resolved", message = "Fixed." })).StatusCode);

    /// <summary>
    /// Waits until the ledger records <paramref name="count"/> emails to the address. A batch records its whole ledger
    /// at its end, so this also means that anyone else of that batch would have had theirs by now.
    /// </summary>
    private async Task Ledgered(string address, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await LedgerCount(address, timeout.Token) < count) await Task.Delay(50, timeout.Token);
    }

    private async Task<int> LedgerCount(string address, CancellationToken token = default)
    {
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var ids = await session.Query<StatusPage.Domain.Subscribers.Subscriber>().Where(s => s.AnyTenant() && s.Email == address).Select(s => s.Id)
            .ToListAsync(token);
        return await session.Query<EmailDelivery>().CountAsync(d => d.SubscriberId.IsOneOf(ids.ToArray()), token);
    }
}
