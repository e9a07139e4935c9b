namespace StatusPage.Testing;

public sealed record MonitorAnswer(Guid Id, long Version, MonitorSettingsAnswer Settings, string? HeartbeatSecret);

public sealed record MonitorSettingsAnswer(
    int IntervalSeconds, int TimeoutSeconds, int FailuresBeforeDown, int SuccessesBeforeUp, string DownStatus, string? Method,
    Dictionary<string, string>? Headers);

public sealed record CheckPageAnswer(List<CheckAnswer> Checks);

public sealed record CheckAnswer(DateTimeOffset PlannedAt, DateTimeOffset CheckedAt, bool Success, bool Slow, string? Reason, int LatencyMs);
