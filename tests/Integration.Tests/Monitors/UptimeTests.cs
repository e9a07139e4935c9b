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
        Assert.Equal(95.5, (await org.Read()).UptimeAlertThreshold);
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
        var alert = Assert.Single(await org.Events($"/components/{api}"), e => e.Type == "uptime_alert_raised").DataAs<UptimeAlertAnswer>();
        Assert.Equal((day.ToString("yyyy-MM-dd"), 95.5), (alert.Day, alert.Threshold));
        Assert.Equal(expected, alert.Percent, 2);
        Assert.DoesNotContain(await org.Events($"/components/{db}"), e => e.Type == "uptime_alert_raised");

        // Owners are mailed and webhooks called, once, for the one alert.
        var mail = Assert.Single(await fixture.Mail.Receive(owner));
        Assert.StartsWith($"[Org {org.Slug}] Uptime alert: API at ", mail.Subject);
        Assert.Contains("below the organization's threshold of 95.5%", mail.TextBody);
        var hook = Assert.Single(await receiver.WaitFor("/uptime", 1)).Hook;
        Assert.Equal("component.uptime_alert", hook.Type);
        var raised = hook.Data.UptimeAlert!;
        Assert.Equal((api, day.ToString("yyyy-MM-dd"), 95.5), (raised.ComponentId, raised.Day, raised.Threshold));
        Assert.Equal("API", hook.Data.Component!.Name);

        var uptime = await org.Get<UptimeAnswer>($"/components/{api}/uptime");
        Assert.Equal(90, uptime.Days.Count);
        Assert.Equal(100, (await org.Get<UptimeAnswer>($"/components/{db}/uptime")).Last7Days);
        var month = await org.Get<UptimeAnswer>($"/components/{api}/uptime?from={day.AddDays(-3):yyyy-MM-dd}&to={day.AddDays(3):yyyy-MM-dd}");
        Assert.Equal(7, month.Days.Count);
        Assert.Equal(180, month.Days.Sum(d => d.MajorOutageMinutes + 0.5 * d.PartialOutageMinutes), 1);
        Assert.True(month.Percent < 100);
        Assert.Contains(month.Days, d => d.Worst == "major_outage");
        Assert.True(uptime.Last24Hours < 100);
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
