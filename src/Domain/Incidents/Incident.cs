using StatusPage.Domain.Components;

namespace StatusPage.Domain.Incidents;

public enum IncidentImpact
{
    None,
    Minor,
    Major,
    Critical
}

public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved
}

/// <summary>A component an incident update touched, with the status it had before and the one it was given.</summary>
public sealed record AffectedComponent(Guid ComponentId, string Name, ComponentStatus OldStatus, ComponentStatus NewStatus);

public sealed record IncidentDeclared(
    Guid IncidentId, string Name, IncidentImpact Impact, IncidentStatus Status, Guid UpdateId, string Message,
    IReadOnlyList<AffectedComponent> Components, bool Notify, DateTimeOffset At);

public sealed record IncidentUpdatePosted(
    Guid IncidentId, Guid UpdateId, IncidentStatus OldStatus, IncidentStatus Status, string Message,
    IReadOnlyList<AffectedComponent> Components, bool Notify, DateTimeOffset At);

public sealed record IncidentImpactChanged(Guid IncidentId, IncidentImpact OldImpact, IncidentImpact NewImpact, DateTimeOffset At);

public sealed record IncidentRenamed(Guid IncidentId, string OldName, string NewName, DateTimeOffset At);

public sealed record IncidentPostmortemPublished(Guid IncidentId, string Body, DateTimeOffset At);

public sealed record IncidentUpdate(
    Guid Id, IncidentStatus Status, string Message, IReadOnlyList<AffectedComponent> AffectedComponents, bool Notify,
    DateTimeOffset At);

public sealed record Postmortem(string Body, DateTimeOffset PublishedAt);

public sealed class Incident
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public IncidentImpact Impact { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? MonitoringAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>Every component the incident has touched, with the status the incident last gave it.</summary>
    public Dictionary<Guid, ComponentStatus> Components { get; set; } = new();

    /// <summary>Newest first, as readers expect to see them.</summary>
    public List<IncidentUpdate> Updates { get; set; } = new();

    public Postmortem? Postmortem { get; set; }

    public static Incident Create(IncidentDeclared e)
    {
        var incident = new Incident { Id = e.IncidentId, Name = e.Name, Impact = e.Impact, StartedAt = e.At };
        incident.Record(e.UpdateId, e.Status, e.Message, e.Components, e.Notify, e.At);
        return incident;
    }

    public void Apply(IncidentUpdatePosted e) => Record(e.UpdateId, e.Status, e.Message, e.Components, e.Notify, e.At);

    public void Apply(IncidentImpactChanged e) => (Impact, UpdatedAt) = (e.NewImpact, e.At);

    public void Apply(IncidentRenamed e) => (Name, UpdatedAt) = (e.NewName, e.At);

    public void Apply(IncidentPostmortemPublished e) => (Postmortem, UpdatedAt) = (new Postmortem(e.Body, e.At), e.At);

    private void Record(
        Guid updateId, IncidentStatus status, string message, IReadOnlyList<AffectedComponent> components, bool notify,
        DateTimeOffset at)
    {
        Status = status;
        UpdatedAt = at;
        if (status == IncidentStatus.Monitoring) MonitoringAt ??= at;
        if (status == IncidentStatus.Resolved) ResolvedAt = at;
        foreach (var component in components) Components[component.ComponentId] = component.NewStatus;
        Updates.Insert(0, new IncidentUpdate(updateId, status, message, components, notify, at));
    }
}
