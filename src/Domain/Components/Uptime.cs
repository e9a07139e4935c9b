
namespace StatusPage.Domain.Components;

/// <summary>A component's status from a moment on.</summary>
public sealed record StatusChange(DateTimeOffset At, ComponentStatus Status);

/// <summary>
/// One day of a component's uptime bar in the page's time zone: its worst status, the weighted uptime and the
/// outage time behind it. Days before the component existed, or still to come, have no figures.
/// </summary>
public sealed record UptimeDay(
    DateOnly Date, ComponentStatus? Worst, double? Percent, TimeSpan Observed, TimeSpan MajorOutage, TimeSpan PartialOutage)
{
    public bool HasData => Percent is not null;

    public double WeightedDownMinutes => MajorOutage.TotalMinutes + Uptime.PartialOutageWeight * PartialOutage.TotalMinutes;
}

/// <summary>
/// Uptime from status history, as Statuspage counts it: major_outage time counts fully, partial_outage time by
/// <see cref="PartialOutageWeight"/>, degraded_performance and under_maintenance not at all.
/// </summary>
public static class Uptime
{
    public const double PartialOutageWeight = 0.5;

    public static int Severity(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => 4,
        ComponentStatus.PartialOutage => 3,
        ComponentStatus.DegradedPerformance => 2,
        ComponentStatus.UnderMaintenance => 1,
        _ => 0
    };

    /// <param name="history">Every status the component had, in time order; the first is its status when it was added.</param>
    public static IReadOnlyList<UptimeDay> Days(IReadOnlyList<StatusChange> history, DateOnly lastDay, int days, TimeZoneInfo zone, DateTimeOffset now)
    {
        var result = new List<UptimeDay>(days);
        for (var date = lastDay.AddDays(1 - days); date <= lastDay; date = date.AddDays(1))
            result.Add(Day(history, date, Midnight(date, zone), Midnight(date.AddDays(1), zone), now));
        return result;
    }

    /// <summary>Figures for any stretch of time, such as the last 24 hours, as one "day" dated by its start.</summary>
    public static UptimeDay Window(IReadOnlyList<StatusChange> history, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now) =>
        Day(history, DateOnly.FromDateTime(from.UtcDateTime), from, to, now);

    /// <summary>Weighted uptime over the days that have figures, by time observed.</summary>
    public static double? Percent(IReadOnlyCollection<UptimeDay> days)
    {
        var observed = days.Sum(d => d.Observed.TotalMinutes);
        return observed == 0 ? null : Math.Round(100 * (1 - days.Sum(d => d.WeightedDownMinutes) / observed), 3);
    }

    private static UptimeDay Day(IReadOnlyList<StatusChange> history, DateOnly date, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
    {
        var from = history.Count == 0 ? end : Max(start, history[0].At);
        var to = end < now ? end : now;
        if (from >= to) return new UptimeDay(date, null, null, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

        ComponentStatus? worst = null;
        TimeSpan major = TimeSpan.Zero, partial = TimeSpan.Zero;
        for (var i = 0; i < history.Count; i++)
        {
            var segmentStart = Max(history[i].At, from);
            var segmentEnd = i + 1 < history.Count && history[i + 1].At < to ? history[i + 1].At : to;
            if (segmentEnd <= segmentStart) continue;
            var status = history[i].Status;
            if (worst is null || Severity(status) > Severity(worst.Value)) worst = status;
            if (status == ComponentStatus.MajorOutage) major += segmentEnd - segmentStart;
            if (status == ComponentStatus.PartialOutage) partial += segmentEnd - segmentStart;
        }

        var day = new UptimeDay(date, worst, null, to - from, major, partial);
        return day with { Percent = Math.Round(100 * (1 - day.WeightedDownMinutes / day.Observed.TotalMinutes), 3) };
    }

    private static DateTimeOffset Midnight(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
