using System.Text.Json;

namespace StatusPage.Testing;

// The management API's answers as a third-party client declares them: only the wire, never the product's own types,
// so that a change on the wire fails here. Fields a test does not read are left out, as such a client would.

public sealed record WrittenAnswer(Guid Id, long Version);

public sealed record ComponentAnswer(
    Guid Id, long Version, string Name, string? Description, Guid? GroupId, int Position, string Status, bool MonitorControl);

public sealed record GroupAnswer(Guid Id, long Version, string Name, string? Description, int Position);

/// <summary>One entry of a stream's history; its data has the shape of the event named by its type.</summary>
public sealed record EventAnswer(
    string Type, long Version, long Sequence, DateTimeOffset Timestamp, string? Actor, string? CorrelationId, JsonElement Data)
{
    public T DataAs<T>() => Data.Deserialize<T>(HttpJson.Options) ?? throw new InvalidOperationException($"{Type} has no data.");
}

/// <summary>The data of a <c>component_status_changed</c> event.</summary>
public sealed record StatusChangeAnswer(string NewStatus, string Source, EvidenceAnswer? Evidence);

public sealed record EvidenceAnswer(Guid MonitorId, string MonitorName, bool Success, int Consecutive, string? Reason);

/// <summary>The data of an <c>uptime_alert_raised</c> event.</summary>
public sealed record UptimeAlertAnswer(string Day, double Percent, double Threshold);

public sealed record UptimeAnswer(double? Percent, double? Last24Hours, double? Last7Days, List<UptimeDayAnswer> Days);

public sealed record UptimeDayAnswer(double MajorOutageMinutes, double PartialOutageMinutes, string? Worst);
