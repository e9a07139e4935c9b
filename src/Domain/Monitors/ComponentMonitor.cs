using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Monitors;

public enum MonitorType
{
    Http,
    Tcp,
    Heartbeat
}

/// <summary>
/// How a monitor checks its target and judges the results. HTTP uses the URL, method, headers, expected status codes,
/// keyword (a regular expression when <paramref name="KeywordIsRegex"/>) and redirect flag; TCP uses host and port;
/// a heartbeat expects a call to its secret URL every interval, with <paramref name="TimeoutSeconds"/> of grace.
/// </summary>
/// <param name="ExpectedStatus">Status codes that count as up; empty means any 2xx.</param>
/// <param name="SlowMs">Answers slower than this count as slow: enough slow ones in a row make it degraded_performance.</param>
public sealed record MonitorSettings(
    MonitorType Type, string Name, int IntervalSeconds, int TimeoutSeconds, int FailuresBeforeDown, int SuccessesBeforeUp,
    ComponentStatus DownStatus, int? SlowMs, string? Url, string Method, IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<int> ExpectedStatus, string? Keyword, bool KeywordIsRegex, bool KeywordAbsent, bool FollowRedirects,
    string? Host, int? Port);

/// <param name="HeartbeatSecret">The unguessable part of a heartbeat monitor's URL; null for other types.</param>
public sealed record MonitorAttached(
    Guid MonitorId, Guid ComponentId, MonitorSettings Settings, string? HeartbeatSecret, DateTimeOffset At);

public sealed record MonitorChanged(Guid MonitorId, MonitorSettings OldSettings, MonitorSettings Settings, DateTimeOffset At);

public sealed record MonitorRemoved(Guid MonitorId, Guid ComponentId, DateTimeOffset At);

/// <summary>
/// A monitor's configuration. Its check results are rows in a table of their own, not events: there are far too many,
/// and nothing but the status changes they cause belongs in the history.
/// </summary>
public sealed class ComponentMonitor : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid ComponentId { get; set; }
    public MonitorSettings Settings { get; set; } = null!;
    public string? HeartbeatSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Removed { get; set; }

    public static ComponentMonitor Create(MonitorAttached e) => new()
    {
        Id = e.MonitorId, ComponentId = e.ComponentId, Settings = e.Settings, HeartbeatSecret = e.HeartbeatSecret,
        CreatedAt = e.At, UpdatedAt = e.At
    };

    public void Apply(MonitorChanged e) => (Settings, UpdatedAt) = (e.Settings, e.At);

    public void Apply(MonitorRemoved e) => (Removed, UpdatedAt) = (true, e.At);
}
