using StatusPage.Application.ComponentGroups;
using StatusPage.Application.Components;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Projections;
using StatusPage.Projections.Incidents;

namespace StatusPage.Application.Dashboard;

/// <summary>The dashboard's first page: the components in their groups, open incidents and the latest resolved ones.</summary>
public sealed record DashboardOverview(
    IReadOnlyList<Component> Components, IReadOnlyList<ComponentGroup> Groups, IReadOnlyList<IncidentTimeline> OpenIncidents,
    IReadOnlyList<IncidentTimeline> ResolvedIncidents)
{
    public const int RecentIncidents = 10;

    /// <summary>Now, or as it was at <paramref name="at"/>: every component, group and incident folded from its events up to then.</summary>
    public static async Task<DashboardOverview> Load(ReadSide reads, Guid organizationId, DateTimeOffset? at, CancellationToken token)
    {
        await using var tenant = reads.Store.LightweightSession(organizationId.ToString());
        IReadOnlyList<Component> components;
        IReadOnlyList<ComponentGroup> groups;
        IReadOnlyList<IncidentTimeline> incidents;
        if (at is { } when)
        {
            components = await tenant.Timelines<Component>(await tenant.Query<Component>().Select(c => c.Id).ToListAsync(token), when, token);
            groups = await tenant.Timelines<ComponentGroup>(await tenant.Query<ComponentGroup>().Select(g => g.Id).ToListAsync(token), when, token);
            var started = await tenant.Query<Incident>().Where(i => i.StartedAt <= when).OrderByDescending(i => i.StartedAt)
                .Select(i => i.Id).ToListAsync(token);
            incidents = await tenant.Timelines<IncidentTimeline>(started, when, token);
        }
        else
        {
            components = await ReadComponentsEndpoints.List(tenant, token);
            groups = await ListComponentGroupsEndpoint.Get(tenant, token);
            var open = await tenant.Query<Incident>().Where(i => i.Status != IncidentStatus.Resolved).OrderByDescending(i => i.StartedAt)
                .Select(i => i.Id).ToListAsync(token);
            var resolved = await tenant.Query<Incident>().Where(i => i.Status == IncidentStatus.Resolved).OrderByDescending(i => i.StartedAt)
                .Take(RecentIncidents).Select(i => i.Id).ToListAsync(token);
            incidents = await tenant.Timelines<IncidentTimeline>([.. open, .. resolved], token);
        }

        return new DashboardOverview(
            components.Where(c => !c.Removed).ToList(), groups.Where(g => !g.Removed).ToList(),
            incidents.Where(i => i.Status != IncidentStatus.Resolved).ToList(),
            incidents.Where(i => i.Status == IncidentStatus.Resolved).Take(RecentIncidents).ToList());
    }
}
