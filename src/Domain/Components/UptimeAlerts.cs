using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Components;

public static class UptimeAlerts
{
    public const double DefaultThreshold = 99.9;

    /// <summary>
    /// The alert for a component whose uptime over a whole UTC day fell below the threshold: once per component and
    /// day, however often the day is looked at; a day without figures (before the component existed) raises nothing.
    /// </summary>
    public static Outcome Raise(Component component, UptimeDay day, double threshold, DateTimeOffset now) =>
        component.Removed || day.Percent is not { } percent || percent >= threshold || component.LastUptimeAlert >= day.Date
            ? Outcome.Accept()
            : Outcome.Accept(new UptimeAlertRaised(component.Id, day.Date, percent, threshold, now));

    public static Rejection? Threshold(double threshold) =>
        threshold is > 0 and <= 100
            ? null
            : Rejection.Invalid("uptimeAlertThreshold", "'uptimeAlertThreshold' must be a percentage above 0 and at most 100.");
}
