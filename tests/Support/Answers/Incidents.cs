namespace StatusPage.Testing;

public sealed record IncidentAnswer(
    Guid Id, long Version, string Name, string Impact, string Status, DateTimeOffset? ResolvedAt, PostmortemAnswer? Postmortem,
    List<IncidentUpdateAnswer> Updates);

public sealed record IncidentUpdateAnswer(string Status, string Message);

public sealed record PostmortemAnswer(string Body);

public sealed record IncidentPageAnswer(List<IncidentAnswer> Incidents, int Total);

/// <summary>The data of an <c>incident_update_posted</c> or <c>maintenance_update_posted</c> event.</summary>
public sealed record PostedUpdateAnswer(string Status);
