using StatusPage.Application.Components;
using StatusPage.Domain.Components;
using StatusPage.Projections;
using StatusPage.Projections.Incidents;

namespace StatusPage.Application.Dashboard;

/// <summary>One incident as it is, or as it was at a moment, with when it started (where the time slider begins) and its audit trail.</summary>
public sealed record DashboardIncident(IncidentTimeline Incident, DateTimeOffset Started, IReadOnlyList<Component> Components, AuditTrail History)
{
    /// <summary>Nothing for an id that is no incident of the organization; before it started, it shows as it began.</summary>
    public static async Task<DashboardIncident?> Load(ReadSide reads, Guid organizationId, Guid id, DateTimeOffset? at, CancellationToken token)
    {
        await using var tenant = reads.Store.LightweightSession(organizationId.ToString());
        if ((await tenant.Timelines<IncidentTimeline>([id], token)).SingleOrDefault() is not { } now) return null;
        var then = at is { } when ? (await tenant.Timelines<IncidentTimeline>([id], when, token)).SingleOrDefault() : null;
        return new DashboardIncident(then ?? now, now.StartedAt, await ReadComponentsEndpoints.List(tenant, token),
            await AuditTrail.Of(tenant, organizationId, id, token));
    }
}
