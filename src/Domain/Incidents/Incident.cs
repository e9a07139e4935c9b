using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

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

/// <summary>A component an incident or maintenance update touched, with the status it had before and the one it was given.</summary>
public sealed record AffectedComponent(Guid ComponentId, string Name, ComponentStatus OldStatus, ComponentStatus NewStatus);

public sealed record IncidentDeclared(
    Guid IncidentId, string Name, IncidentImpact Impact, IncidentStatus Status, Guid UpdateId, string Message,
    IReadOnlyList<AffectedComponent> Components, bool Notify, DateTimeOffset At) : IIncidentEvent, INoticeEvent;

public sealed record IncidentUpdatePosted(
    Guid IncidentId, Guid UpdateId, IncidentStatus OldStatus, IncidentStatus Status, string Message,
    IReadOnlyList<AffectedComponent> Components, bool Notify, DateTimeOffset At) : IIncidentEvent, INoticeEvent;

public sealed record IncidentImpactChanged(Guid IncidentId, IncidentImpact OldImpact, IncidentImpact NewImpact, DateTimeOffset At) : IIncidentEvent;

public sealed record IncidentRenamed(Guid IncidentId, string OldName, string NewName, DateTimeOffset At) : IIncidentEvent;

public sealed record IncidentPostmortemPublished(Guid IncidentId, string Body, DateTimeOffset At) : IIncidentEvent, INoticeEvent;

/// <summary>
/// What an update said, corrected: a typo, a wrong figure. Not news (subscribers heard the update as it was), so
/// no notice; the history keeps both wordings.
/// </summary>
public sealed record IncidentUpdateCorrected(Guid IncidentId, Guid UpdateId, string OldMessage, string Message, DateTimeOffset At) : IIncidentEvent;

/// <summary>
/// What decisions about an incident need to know, and nothing more: the timeline readers see (every message, the
/// postmortem) is a projection, so a command never reads or rewrites the whole story.
/// </summary>
public sealed class Incident : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Name { get; set; } = "";
    public IncidentImpact Impact { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Every component the incident has touched, with the status the incident last gave it.</summary>
    public Dictionary<Guid, ComponentStatus> Components { get; set; } = new();

    public static Incident Create(IncidentDeclared e)
    {
        var incident = new Incident { Id = e.IncidentId, Name = e.Name, Impact = e.Impact, Status = e.Status, StartedAt = e.At };
        incident.Affect(e.Components);
        return incident;
    }

    public void Apply(IncidentUpdatePosted e)
    {
        Status = e.Status;
        Affect(e.Components);
    }

    public void Apply(IncidentImpactChanged e) => Impact = e.NewImpact;

    public void Apply(IncidentRenamed e) => Name = e.NewName;

    // Marten leaves an inline snapshot untouched for an event its aggregate does not apply, and the snapshot's
    // Version, which If-Match is checked against and answers report, would then fall behind the stream.
    public void Apply(IncidentPostmortemPublished _) { }

    public void Apply(IncidentUpdateCorrected _) { }

    private void Affect(IReadOnlyList<AffectedComponent> components)
    {
        foreach (var component in components) Components[component.ComponentId] = component.NewStatus;
    }
}
