using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Organizations;
using StatusPage.Projections.Incidents;

namespace StatusPage.Projections;

public static class ReadModels
{
    /// <summary>
    /// Small write models double as the operator API's read models, kept inline so a command's answer and the next
    /// read agree. Organizations and API keys are global: a key must be found before anyone knows its tenant.
    /// </summary>
    public static void Register(StoreOptions options)
    {
        options.Projections.AddGlobalProjection(new SingleStreamProjection<Organization, Guid>(), ProjectionLifecycle.Inline);
        options.Projections.AddGlobalProjection(new SingleStreamProjection<ApiKey, Guid>(), ProjectionLifecycle.Inline);
        options.Schema.For<Organization>().UniqueIndex(o => o.Slug);
        options.Schema.For<ApiKey>().UniqueIndex(k => k.SecretHash).Index(k => k.OrganizationId);

        options.Projections.Snapshot<ComponentGroup>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Component>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline);
        options.Schema.For<ComponentGroup>().MultiTenanted();
        options.Schema.For<Component>().MultiTenanted();
        options.Schema.For<Incident>().MultiTenanted();

        // Everything a reader sees of an incident is built off the write path by the async daemon.
        options.Projections.Add<IncidentTimelineProjection>(ProjectionLifecycle.Async);
        options.Schema.For<IncidentTimeline>().MultiTenanted().Index(i => i.StartedAt);
    }
}
