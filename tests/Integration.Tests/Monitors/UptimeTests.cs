using StatusPage.Integration.Tests.Email;
using System.Net.Http.Json;
using StatusPage.Application.Uptime;
using Wolverine;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests.Monitors;

[Collection(StatusPageCollection.Name)]
public sealed class UptimeTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_day_below_the_threshold_raises_one_alert_however_often_it_is_checked_and_a_clean_day_none()
    {
        var now = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(now.UtcDateTime.Date.AddDays(1).AddHours(1) - now.UtcDateTime);
        var day = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        var created = fixture.Clock.GetUtcNow();

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "partial_outage" });
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "operational" });
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api(""), new { uptimeAlertThreshold = 95.5 })).StatusCode);
        Assert.Equal(95.5, (await org.Get(""))["uptimeAlertThreshold"]!.GetValue<double>());
        await (await org.Owner.PatchAsJsonAsync(org.Api(""), new { uptimeAlertThreshold = 150 })).AssertProblem(400);

        var owner = Mailbox.NewAddress("owner");
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { ownerEmails = new[] { owner } } })).StatusCode);
        await (await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { emailedNotices = new[] { "component.uptime_alert" } } }))
            .AssertProblem(400);
        await using var receiver = await WebhookReceiver.Start();
        await WebhookRequests.RegisterWebhook(org, receiver.Url("/uptime"), new { eventTypes = new[] { "component.uptime_alert" } });

        var endOfDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        fixture.Clock.Advance(endOfDay.AddMinutes(30) - fixture.Clock.GetUtcNow());
        await Sweep(org, day);
        await Sweep(org, day);

        var observed = (endOfDay - created).TotalMinutes;
        var expected = Math.Round(100 * (1 - (120 + 0.5 * 120) / observed), 3);
        var alerts = (await org.Get($"/components/{api}/events")).AsArray().Where(e => e!["type"]!.GetValue<string>() == "uptime_alert_raised").ToList();
        Assert.Single(alerts);
        Assert.Equal((day.ToString("yyyy-MM-dd"), 95.5), (alerts[0]!["data"]!["day"]!.GetValue<string>(), alerts[0]!["data"]!["threshold"]!.GetValue<double>()));
        Assert.Equal(expected, alerts[0]!["data"]!["percent"]!.GetValue<double>(), 2);
        Assert.DoesNotContain((await org.Get($"/components/{db}/events")).AsArray(), e => e!["type"]!.GetValue<string>() == "uptime_alert_raised");

        // Owners are mailed and webhooks called, once, for the one alert.
        var mail = Assert.Single(await fixture.Mail.Receive(owner));
        Assert.StartsWith($"[Org {org.Slug}] Uptime alert: API at ", mail.Subject);
        Assert.Contains("below the organization's threshold of 95.5%", mail.TextBody);
        var hook = Assert.Single(await receiver.WaitFor("/uptime", 1)).Json;
        Assert.Equal("component.uptime_alert", hook["type"]!.GetValue<string>());
        var raised = hook["data"]!["uptime_alert"]!;
        Assert.Equal((api.ToString(), day.ToString("yyyy-MM-dd"), 95.5), (raised["component_id"]!.GetValue<string>(), raised["day"]!.GetValue<string>(),
            raised["threshold"]!.GetValue<double>()));
        Assert.Equal("API", hook["data"]!["component"]!["name"]!.GetValue<string>());

        var uptime = await org.Get($"/components/{api}/uptime");
        Assert.Equal(90, uptime["days"]!.AsArray().Count);
        Assert.Equal(100, (await org.Get($"/components/{db}/uptime"))["last7Days"]!.GetValue<double>());
        var month = await org.Get($"/components/{api}/uptime?from={day.AddDays(-3):yyyy-MM-dd}&to={day.AddDays(3):yyyy-MM-dd}");
        Assert.Equal(7, month["days"]!.AsArray().Count);
        var down = month["days"]!.AsArray().Sum(d => d!["majorOutageMinutes"]!.GetValue<double>() + 0.5 * d["partialOutageMinutes"]!.GetValue<double>());
        Assert.Equal(180, down, 1);
        Assert.True(month["percent"]!.GetValue<double>() < 100);
        Assert.Contains(month["days"]!.AsArray(), d => d!["worst"]?.GetValue<string>() == "major_outage");
        Assert.True(uptime["last24Hours"]!.GetValue<double>() < 100);
        await (await org.Owner.GetAsync(org.Api($"/components/{api}/uptime?from=2026-02-01&to=2026-01-01"))).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api($"/components/{api}/uptime?from=2020-01-01&to=2026-01-01"))).AssertProblem(400);
    }

    [Fact]
    public async Task The_sweep_after_a_day_runs_once_checking_every_organization_and_forgetting_checks_past_their_retention()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer();
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new { type = "http", url = target.Url, intervalSeconds = 10 });
        await fixture.RunCheck(org, monitor);
        Assert.Single(await org.Checks(monitor));
        // A day so far ahead that today's checks are past the 30-day retention when it is swept.
        var day = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime).AddDays(31);

        var first = await fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(120)).SendMessageAndWaitAsync(new SweepUptime(day));
        Assert.Contains(first.Executed.Envelopes(), e => e.Message is CheckDailyUptime c && c.Day == day && e.TenantId == org.Id.ToString());
        Assert.Contains(first.Scheduled.Envelopes(), e => e.Message is SweepUptime s && s.Day == day.AddDays(1) && e.ScheduledTime == SweepUptime.After(day.AddDays(1)));
        Assert.Empty(await org.Checks(monitor));

        var again = await fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(120)).SendMessageAndWaitAsync(new SweepUptime(day));
        Assert.Empty(again.Executed.MessagesOf<CheckDailyUptime>());
        Assert.Empty(again.Scheduled.MessagesOf<SweepUptime>());
    }

    private Task Sweep(TestOrganization org, DateOnly day) =>
        fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(bus => bus.InvokeForTenantAsync(org.Id.ToString(), new CheckDailyUptime(day))));
}
