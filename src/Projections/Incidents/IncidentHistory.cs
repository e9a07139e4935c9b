using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using StatusPage.Domain.Incidents;

using StatusPage.Projections.Live;

namespace StatusPage.Projections.Incidents;

/// <summary>One line of an organization's incident history: enough to list and page through past incidents.</summary>
public sealed class IncidentHistoryEntry
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public IncidentImpact Impact { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public bool HasPostmortem { get; set; }
}

public sealed partial class IncidentHistoryProjection : SingleStreamProjection<IncidentHistoryEntry, Guid>
{
    public override ValueTask RaiseSideEffects(IDocumentOperations operations, IEventSlice<IncidentHistoryEntry> slice)
    {
        slice.PublishMessage(new PublicPageChanged(Guid.Parse(slice.TenantId)));
        return ValueTask.CompletedTask;
    }

    public static IncidentHistoryEntry Create(IncidentDeclared e) => new()
    {
        Id = e.IncidentId, Name = e.Name, Impact = e.Impact, Status = e.Status, StartedAt = e.At, UpdatedAt = e.At,
        ResolvedAt = e.Status == IncidentStatus.Resolved ? e.At : null
    };

    public void Apply(IncidentUpdatePosted e, IncidentHistoryEntry entry)
    {
        (entry.Status, entry.UpdatedAt) = (e.Status, e.At);
        if (e.Status == IncidentStatus.Resolved) entry.ResolvedAt = e.At;
    }

    public void Apply(IncidentImpactChanged e, IncidentHistoryEntry entry) => (entry.Impact, entry.UpdatedAt) = (e.NewImpact, e.At);

    public void Apply(IncidentRenamed e, IncidentHistoryEntry entry) => (entry.Name, entry.UpdatedAt) = (e.NewName, e.At);

    public void Apply(IncidentPostmortemPublished e, IncidentHistoryEntry entry) => (entry.HasPostmortem, entry.UpdatedAt) = (true, e.At);
}
