using Marten.Events.Aggregation;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;

namespace StatusPage.Projections.Incidents;

public sealed record TimelineUpdate(
    Guid Id, IncidentStatus Status, string Message, IReadOnlyList<AffectedComponent> AffectedComponents, bool Notify,
    DateTimeOffset At);

public sealed record Postmortem(string Body, DateTimeOffset PublishedAt);

/// <summary>An incident as readers see it: every update newest first, the components it touched, its postmortem.</summary>
public sealed class IncidentTimeline
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
    public Dictionary<Guid, ComponentStatus> Components { get; set; } = new();
    public List<TimelineUpdate> Updates { get; set; } = new();
    public Postmortem? Postmortem { get; set; }

    internal void Record(
        Guid updateId, IncidentStatus status, string message, IReadOnlyList<AffectedComponent> components, bool notify,
        DateTimeOffset at)
    {
        Status = status;
        UpdatedAt = at;
        if (status == IncidentStatus.Monitoring) MonitoringAt ??= at;
        if (status == IncidentStatus.Resolved) ResolvedAt = at;
        foreach (var component in components) Components[component.ComponentId] = component.NewStatus;
        Updates.Insert(0, new TimelineUpdate(updateId, status, message, components, notify, at));
    }
}

public sealed partial class IncidentTimelineProjection : SingleStreamProjection<IncidentTimeline, Guid>
{
    public static IncidentTimeline Create(IncidentDeclared e)
    {
        var timeline = new IncidentTimeline { Id = e.IncidentId, Name = e.Name, Impact = e.Impact, StartedAt = e.At };
        timeline.Record(e.UpdateId, e.Status, e.Message, e.Components, e.Notify, e.At);
        return timeline;
    }

    public void Apply(IncidentUpdatePosted e, IncidentTimeline timeline) =>
        timeline.Record(e.UpdateId, e.Status, e.Message, e.Components, e.Notify, e.At);

    public void Apply(IncidentImpactChanged e, IncidentTimeline timeline) => (timeline.Impact, timeline.UpdatedAt) = (e.NewImpact, e.At);

    public void Apply(IncidentRenamed e, IncidentTimeline timeline) => (timeline.Name, timeline.UpdatedAt) = (e.NewName, e.At);

    /// <remarks>The incident's <c>UpdatedAt</c> stays: a correction is not news, and the page view, which keeps it too, never hears of one.</remarks>
    public void Apply(IncidentUpdateCorrected e, IncidentTimeline timeline)
    {
        var at = timeline.Updates.FindIndex(u => u.Id == e.UpdateId);
        if (at >= 0) timeline.Updates[at] = timeline.Updates[at] with { Message = e.Message };
    }

    public void Apply(IncidentPostmortemPublished e, IncidentTimeline timeline) =>
        (timeline.Postmortem, timeline.UpdatedAt) = (new Postmortem(e.Body, e.At), e.At);
}
