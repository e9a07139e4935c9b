using StatusPage.Domain.Components;

namespace StatusPage.Domain.Tests;

public sealed class UptimeTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z");

    [Fact]
    public void An_outage_across_midnight_counts_on_both_days_and_colours_both_bars()
    {
        var history = new[]
        {
            new StatusChange(At("2026-03-01T00:00:00"), ComponentStatus.Operational),
            new StatusChange(At("2026-03-09T23:00:00"), ComponentStatus.MajorOutage),
            new StatusChange(At("2026-03-10T01:00:00"), ComponentStatus.Operational)
        };

        var days = Uptime.Days(history, new DateOnly(2026, 3, 11), 3, Utc, At("2026-03-12T00:00:00"));

        Assert.Equal([ComponentStatus.MajorOutage, ComponentStatus.MajorOutage, ComponentStatus.Operational], days.Select(d => d.Worst));
        Assert.Equal([95.833, 95.833, 100], days.Select(d => d.Percent));
        Assert.Equal(TimeSpan.FromHours(1), days[0].MajorOutage);
        Assert.Equal(97.222, Uptime.Percent(days));
    }

    [Fact]
    public void Days_follow_the_page_time_zone()
    {
        // 23:30–00:30 UTC is 00:30–01:30 in Berlin (UTC+1 in March before the switch): all on one local day.
        var history = new[]
        {
            new StatusChange(At("2026-03-01T00:00:00"), ComponentStatus.Operational),
            new StatusChange(At("2026-03-09T23:30:00"), ComponentStatus.MajorOutage),
            new StatusChange(At("2026-03-10T00:30:00"), ComponentStatus.Operational)
        };

        var berlin = Uptime.Days(history, new DateOnly(2026, 3, 10), 2, Berlin, At("2026-03-12T00:00:00"));
        var utc = Uptime.Days(history, new DateOnly(2026, 3, 10), 2, Utc, At("2026-03-12T00:00:00"));

        Assert.Equal([ComponentStatus.Operational, ComponentStatus.MajorOutage], berlin.Select(d => d.Worst));
        Assert.Equal(TimeSpan.FromHours(1), berlin[1].MajorOutage);
        Assert.Equal([TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)], utc.Select(d => d.MajorOutage));
    }

    [Fact]
    public void Partial_outages_count_half_and_degraded_or_maintenance_not_at_all_but_still_colour_the_day()
    {
        var history = new[]
        {
            new StatusChange(At("2026-03-10T00:00:00"), ComponentStatus.PartialOutage),
            new StatusChange(At("2026-03-10T12:00:00"), ComponentStatus.DegradedPerformance),
            new StatusChange(At("2026-03-11T00:00:00"), ComponentStatus.UnderMaintenance)
        };

        var days = Uptime.Days(history, new DateOnly(2026, 3, 11), 2, Utc, At("2026-03-12T00:00:00"));

        Assert.Equal([75, 100], days.Select(d => d.Percent));
        Assert.Equal([ComponentStatus.PartialOutage, ComponentStatus.UnderMaintenance], days.Select(d => d.Worst));
    }

    [Fact]
    public void Days_before_the_component_existed_or_still_to_come_have_no_figures_and_today_counts_until_now()
    {
        var history = new[]
        {
            new StatusChange(At("2026-03-10T12:00:00"), ComponentStatus.Operational),
            new StatusChange(At("2026-03-11T06:00:00"), ComponentStatus.MajorOutage)
        };

        var days = Uptime.Days(history, new DateOnly(2026, 3, 12), 4, Utc, At("2026-03-11T12:00:00"));

        Assert.Equal([false, true, true, false], days.Select(d => d.HasData));
        Assert.Equal(TimeSpan.FromHours(12), days[1].Observed);
        Assert.Equal(50, days[2].Percent);
    }
}
