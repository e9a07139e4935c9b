using System.Text.RegularExpressions;
using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Monitors;

/// <summary>One check of a monitor: the time it was planned for, whether it passed, and what it saw.</summary>
/// <param name="Slow">Passed, but slower than the monitor's latency threshold.</param>
public sealed record CheckResult(DateTimeOffset PlannedAt, bool Success, bool Slow, int LatencyMs, string? Reason);

/// <summary>What a monitor's latest checks say its component's status is, and the check that settled it.</summary>
public sealed record Verdict(ComponentStatus Status, CheckResult Deciding, int Consecutive);

public static partial class MonitorRules
{
    public const int MinIntervalSeconds = 10;
    public const int MaxIntervalSeconds = 86_400;
    public const int MaxTimeoutSeconds = 60;
    public const int MaxThreshold = 100;
    public const int MaxHeaders = 20;
    public const int MaxKeywordLength = 1_000;

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

    private static readonly ComponentStatus[] DownStatuses =
        [ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage];

    /// <param name="targetProblem">Why the outbound guard refuses the HTTP target, or null.</param>
    /// <param name="heartbeatSecret">The secret of the heartbeat URL, used only if the monitor is a heartbeat.</param>
    public static Outcome Attach(
        Guid monitorId, Component? component, MonitorSettings settings, string? targetProblem, string heartbeatSecret, DateTimeOffset now)
    {
        if (component is null or { Removed: true }) return Outcome.Invalid("The component does not exist.");
        return Outcome.From(Validate(settings, targetProblem), () =>
        {
            var attached = new MonitorAttached(monitorId, component.Id, settings,
                settings.Type == MonitorType.Heartbeat ? heartbeatSecret : null, now);
            return Outcome.Accept(component.MonitorControl
                ? [attached]
                : [attached, new ComponentMonitorControlChanged(component.Id, true, now)]);
        });
    }

    /// <summary>The type of a monitor is what it is: changing it would orphan a heartbeat's URL or a target's history.</summary>
    public static Outcome Change(ComponentMonitor monitor, MonitorSettings settings, string? targetProblem, DateTimeOffset now)
    {
        if (monitor.Removed) return Outcome.NotFound($"Monitor {monitor.Id} has been removed.");
        if (settings.Type != monitor.Settings.Type) return Outcome.Invalid("type", "'type' cannot be changed: remove the monitor and attach a new one.");
        return Outcome.From(Validate(settings, targetProblem), () => Same(settings, monitor.Settings)
            ? Outcome.Accept()
            : Outcome.Accept(new MonitorChanged(monitor.Id, monitor.Settings, settings, now)));
    }

    /// <summary>Settings alike in every value: headers and status codes compared by content, not by reference.</summary>
    private static bool Same(MonitorSettings a, MonitorSettings b) =>
        a with { Headers = b.Headers, ExpectedStatus = b.ExpectedStatus } == b &&
        a.Headers.Count == b.Headers.Count && a.Headers.All(h => b.Headers.TryGetValue(h.Key, out var value) && value == h.Value) &&
        a.ExpectedStatus.SequenceEqual(b.ExpectedStatus);

    public static Outcome Remove(ComponentMonitor monitor, DateTimeOffset now) =>
        monitor.Removed
            ? Outcome.NotFound($"Monitor {monitor.Id} has been removed.")
            : Outcome.Accept(new MonitorRemoved(monitor.Id, monitor.ComponentId, now));

    public static Rejection? Validate(MonitorSettings s, string? targetProblem) => Text.FirstOf(
        Text.Name(s.Name),
        s.IntervalSeconds is < MinIntervalSeconds or > MaxIntervalSeconds
            ? Invalid("intervalSeconds", $"'intervalSeconds' must be from {MinIntervalSeconds} to {MaxIntervalSeconds}.") : null,
        s.TimeoutSeconds < 1 || s.TimeoutSeconds > MaxTimeoutSeconds || s.TimeoutSeconds >= s.IntervalSeconds
            ? Invalid("timeoutSeconds", $"'timeoutSeconds' must be from 1 to {MaxTimeoutSeconds} and shorter than the interval.") : null,
        s.FailuresBeforeDown is < 1 or > MaxThreshold ? Invalid("failuresBeforeDown", $"'failuresBeforeDown' must be from 1 to {MaxThreshold}.") : null,
        s.SuccessesBeforeUp is < 1 or > MaxThreshold ? Invalid("successesBeforeUp", $"'successesBeforeUp' must be from 1 to {MaxThreshold}.") : null,
        DownStatuses.Contains(s.DownStatus)
            ? null : Invalid("downStatus", "'downStatus' must be degraded_performance, partial_outage or major_outage."),
        s.SlowMs is { } slow && (slow < 1 || slow >= s.TimeoutSeconds * 1000)
            ? Invalid("slowMs", "'slowMs' must be positive and below the timeout.") : null,
        s.Type switch
        {
            MonitorType.Http => Http(s, targetProblem),
            MonitorType.Tcp => string.IsNullOrWhiteSpace(s.Host) || s.Port is not (>= 1 and <= 65_535)
                ? Invalid("host", "A TCP monitor needs 'host' and a 'port' from 1 to 65535.")
                : targetProblem is null ? null : Invalid("host", $"'host' {targetProblem}."),
            _ => s.SlowMs is null ? null : Invalid("slowMs", "A heartbeat has no latency: 'slowMs' does not apply.")
        });

    private static Rejection? Http(MonitorSettings s, string? targetProblem) => Text.FirstOf(
        targetProblem is null ? null : Invalid("url", $"'url' {targetProblem}."),
        Methods.Contains(s.Method) ? null : Invalid("method", $"'method' must be one of {string.Join(", ", Methods)}."),
        s.Headers.Count > MaxHeaders || s.Headers.Any(h => !HeaderName().IsMatch(h.Key) || h.Value.Any(char.IsControl))
            ? Invalid("headers", $"'headers' must be at most {MaxHeaders} names made of token characters with values free of control characters.") : null,
        s.ExpectedStatus.Any(code => code is < 100 or > 599) ? Invalid("expectedStatus", "'expectedStatus' codes must be from 100 to 599.") : null,
        Text.Optional(s.Keyword, "keyword", MaxKeywordLength),
        s.KeywordIsRegex && !IsPattern(s.Keyword) ? Invalid("keyword", "'keyword' is not a valid regular expression.") : null,
        s.KeywordAbsent && string.IsNullOrEmpty(s.Keyword) ? Invalid("keywordAbsent", "'keywordAbsent' needs a 'keyword'.") : null);

    private static bool IsPattern(string? pattern)
    {
        try
        {
            _ = new Regex(pattern ?? "", RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return pattern is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// What a monitor's latest results (newest first) say, with hysteresis: <c>failuresBeforeDown</c> failures in a
    /// row mean its down status; as many slow-or-failed ones in a row mean degraded_performance; <c>successesBeforeUp</c>
    /// quick successes in a row mean operational; anything else says nothing, and the status stays as it is.
    /// </summary>
    public static Verdict? Judge(MonitorSettings settings, IReadOnlyList<CheckResult> newestFirst)
    {
        if (newestFirst.Count == 0) return null;
        var latest = newestFirst[0];
        var failures = Run(newestFirst, r => !r.Success);
        if (failures >= settings.FailuresBeforeDown) return new Verdict(settings.DownStatus, latest, failures);
        var poor = Run(newestFirst, r => !r.Success || r.Slow);
        if (settings.SlowMs is not null && poor >= settings.FailuresBeforeDown)
            return new Verdict(ComponentStatus.DegradedPerformance, latest, poor);
        var good = Run(newestFirst, r => r.Success && !r.Slow);
        return good >= settings.SuccessesBeforeUp ? new Verdict(ComponentStatus.Operational, latest, good) : null;
    }

    /// <summary>Why a check does not follow a redirect from <paramref name="from"/> to <paramref name="to"/>, or null.</summary>
    public static string? RedirectProblem(Uri from, Uri to) =>
        to.Scheme is not ("http" or "https") ? $"redirected to a non-HTTP location {to.Scheme}:"
        : from.Scheme == "https" && to.Scheme == "http" ? $"redirected from https to plain http ({to.GetLeftPart(UriPartial.Authority)})"
        : null;

    /// <summary>
    /// The monitor's headers (often the target's credentials, cookies included) go only to the origin of its URL,
    /// as browsers do with Authorization: a redirect elsewhere gets the request without them.
    /// </summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>How many results a verdict may need to look at.</summary>
    public static int Window(MonitorSettings settings) => Math.Max(settings.FailuresBeforeDown, settings.SuccessesBeforeUp);

    /// <summary>
    /// The status change, if any, that a monitor's verdict makes. With several monitors on a component the worst of
    /// their verdicts stands. Monitors act only on a component under their control (see
    /// <see cref="ComponentMonitorControlChanged"/>) and never while an open incident or maintenance touches it.
    /// </summary>
    /// <param name="others">The verdicts of the component's other monitors; null where they say nothing.</param>
    public static ComponentStatusChanged? Decide(
        Component component, ComponentMonitor monitor, Verdict? own, IEnumerable<Verdict?> others, bool heldByIncidentOrMaintenance,
        DateTimeOffset now)
    {
        if (own is null || component.Removed || !component.MonitorControl || heldByIncidentOrMaintenance) return null;
        var worst = others.OfType<Verdict>().Select(v => v.Status).Append(own.Status).MaxBy(Uptime.Severity);
        if (worst == component.Status) return null;
        var deciding = own.Deciding;
        return new ComponentStatusChanged(component.Id, component.Status, worst, StatusSource.Monitor, null, now,
            new MonitorEvidence(monitor.Id, monitor.Settings.Name, deciding.PlannedAt, deciding.Success, deciding.LatencyMs, deciding.Reason,
                own.Consecutive));
    }

    private static int Run(IReadOnlyList<CheckResult> results, Func<CheckResult, bool> matches)
    {
        var count = 0;
        while (count < results.Count && matches(results[count])) count++;
        return count;
    }

    private static Rejection Invalid(string field, string detail) => Rejection.Invalid(field, detail);

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")]
    private static partial Regex HeaderName();
}
