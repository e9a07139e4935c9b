using StatusPage.Application.Outbound;
using StatusPage.Domain.Components;
using StatusPage.Domain.Monitors;

namespace StatusPage.Application.Monitors;

/// <summary>
/// A monitor as integrators write it, for attaching (absent fields take their defaults) and for merge-patching (absent
/// fields keep their values). <c>keywordIsRegex</c> makes the keyword a regular expression.
/// </summary>
public sealed record MonitorRequest(
    MonitorType? Type, string? Name, int? IntervalSeconds, int? TimeoutSeconds, int? FailuresBeforeDown, int? SuccessesBeforeUp,
    ComponentStatus? DownStatus, Optional<int?> SlowMs, string? Url, string? Method, Dictionary<string, string>? Headers,
    List<int>? ExpectedStatus, Optional<string?> Keyword, bool? KeywordIsRegex, bool? KeywordAbsent, bool? FollowRedirects,
    string? Host, int? Port, long? ExpectedVersion)
{
    private static readonly MonitorSettings Defaults = new(
        MonitorType.Http, "", 60, 5, 3, 2, ComponentStatus.MajorOutage, null, null, "GET", new Dictionary<string, string>(), [],
        null, false, false, false, null, null);

    /// <summary>The settings this request asks for, on top of <paramref name="current"/> or of the defaults.</summary>
    public MonitorSettings Settings(MonitorSettings? current)
    {
        var basis = current ?? Defaults with { Type = Type ?? MonitorType.Http, Name = DefaultName };
        return new MonitorSettings(
            Type ?? basis.Type, Name ?? basis.Name, IntervalSeconds ?? basis.IntervalSeconds, TimeoutSeconds ?? basis.TimeoutSeconds,
            FailuresBeforeDown ?? basis.FailuresBeforeDown, SuccessesBeforeUp ?? basis.SuccessesBeforeUp, DownStatus ?? basis.DownStatus,
            SlowMs.IsSet ? SlowMs.Value : basis.SlowMs, Url ?? basis.Url, Method?.ToUpperInvariant() ?? basis.Method,
            Headers ?? basis.Headers, ExpectedStatus ?? basis.ExpectedStatus, Keyword.IsSet ? Keyword.Value : basis.Keyword,
            KeywordIsRegex ?? basis.KeywordIsRegex, KeywordAbsent ?? basis.KeywordAbsent, FollowRedirects ?? basis.FollowRedirects,
            Host ?? basis.Host, Port ?? basis.Port);
    }

    private string DefaultName => Url ?? (Host is null ? (Type ?? MonitorType.Http).ToString().ToLowerInvariant() : $"{Host}:{Port}");
}

/// <summary>Whether the outbound guard lets the monitor reach its target: checked when it is attached or changed, and again on every connection.</summary>
public sealed record TargetCheck(string? Problem)
{
    public static async Task<TargetCheck> For(MonitorSettings settings, OutboundGuard guard, CancellationToken token) => new(settings.Type switch
    {
        MonitorType.Http => await guard.ProblemWith(settings.Url, token),
        MonitorType.Tcp when !string.IsNullOrWhiteSpace(settings.Host) => await guard.ProblemWithHost(settings.Host, token),
        _ => null
    });

}
