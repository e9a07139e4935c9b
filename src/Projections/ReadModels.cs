using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Aggregation;
using Marten.Events.Projections;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Organizations;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;

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
        options.Schema.For<Organization>().UniqueIndex(o => o.Slug).UniqueIndex(o => o.CustomDomain!);
        options.Schema.For<ApiKey>().UniqueIndex(k => k.SecretHash).Index(k => k.OrganizationId);

        options.Projections.Snapshot<ComponentGroup>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Component>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Incident>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<Maintenance>(SnapshotLifecycle.Inline);
        options.Schema.For<ComponentGroup>().MultiTenanted();
        options.Schema.For<Component>().MultiTenanted();
        options.Schema.For<Incident>().MultiTenanted().Index(i => i.StartedAt);
        options.Schema.For<Maintenance>().MultiTenanted().Index(m => m.ScheduledFor);

        // An incident's or maintenance's timeline is folded from its few events whenever it is read, exact at any
        // version or moment, instead of a growing document rewritten by every update.
        options.Projections.Add<IncidentTimelineProjection>(ProjectionLifecycle.Live);
        options.Projections.Add<MaintenanceTimelineProjection>(ProjectionLifecycle.Live);

        // What the public page and its history show, kept off the write path by the daemon.
        options.Projections.Add<IncidentHistoryProjection>(ProjectionLifecycle.Async, Rebuilds);
        Live.LiveWatermark.Register(options);
        options.Schema.For<IncidentHistoryEntry>().MultiTenanted().Index(i => i.StartedAt);
        options.Projections.Add<PageViewProjection>(ProjectionLifecycle.Async, Rebuilds);
        options.Schema.For<PageView>().SingleTenanted();
    }

    /// <summary>The read models the async daemon keeps, by projection name: what rebuilding means, subscriptions left out.</summary>
    public static IReadOnlyList<string> Rebuilt(IDocumentStore store) =>
        ((StoreOptions)store.Options).Projections.All.Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToList();

    /// <summary>
    /// Pages of 2,000 events instead of 500, and during a rebuild one write per document every 5,000 changed documents
    /// instead of one per page: rebuilding the page view from a million events 36,000 → 50,000 events/s (bench/README.md).
    /// </summary>
    private static void Rebuilds(AsyncOptions options)
    {
        options.BatchSize = 2_000;
        options.RebuildFlushThreshold = 5_000;
    }
}
