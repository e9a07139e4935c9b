namespace StatusPage.Testing;

public sealed record MaintenanceAnswer(
    Guid Id, long Version, string Name, string Status, List<MaintenanceComponentAnswer> Components, List<MaintenanceUpdateAnswer> Updates);

public sealed record MaintenanceComponentAnswer(Guid ComponentId, string Name);

public sealed record MaintenanceUpdateAnswer(string Status, bool Automatic);

public sealed record MaintenancePageAnswer(List<MaintenanceAnswer> Maintenances);

/// <summary>The data of a maintenance event that may have happened by the clock.</summary>
public sealed record AutomaticAnswer(bool Automatic);

/// <summary>The data of any event that names where a change came from.</summary>
public sealed record SourceAnswer(string Source);
