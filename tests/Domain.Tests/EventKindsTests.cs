using System.Reflection;
using System.Runtime.CompilerServices;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Shared;
using StatusPage.Projections;
using StatusPage.Projections.Live;

namespace StatusPage.Domain.Tests;

/// <summary>
/// The lists the live publisher, the replay, the public pages' cache and the notice relay read are built from the
/// markers on the events; these tests catch an event whose marker was forgotten, which would otherwise compile,
/// pass every other test, and silently never be published.
/// </summary>
public class EventKindsTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z");

    private static readonly Type[] Kinds =
    [
        typeof(IComponentEvent), typeof(IComponentGroupEvent), typeof(IIncidentEvent), typeof(IMaintenanceEvent),
        typeof(IOrganizationEvent), typeof(IApiKeyEvent)
    ];

    /// <summary>
    /// Readers' read models are the ones not kept inline for commands' answers: the async ones the daemon keeps
    /// (page view, incident history) and the live ones folded on read (timelines), all of which the public page
    /// and the v2 JSON show. Found from Marten's registrations, so a new one is checked without being listed here.
    /// </summary>
    [Fact]
    public void Every_event_a_public_read_model_folds_is_published_on_a_public_topic()
    {
        var options = new StoreOptions();
        ReadModels.Register(options);
        var projections = options.Projections.All
            .Where(p => p.Lifecycle is ProjectionLifecycle.Async or ProjectionLifecycle.Live).Select(p => p.GetType()).ToList();
        Assert.Contains(typeof(Projections.Pages.PageViewProjection), projections);

        foreach (var projection in projections)
        {
            var folded = Folded(projection);
            Assert.True(folded.Count > 0, $"{projection.Name} folds no event this test can see");
            var unpublished = folded.Where(t => !typeof(IPublicEvent).IsAssignableFrom(t) || !LiveUpdates.EventTypes.Contains(t)).Select(t => t.Name);
            Assert.True(!unpublished.Any(),
                $"{projection.Name} folds {string.Join(", ", unpublished)}, not marked as a public event (IComponentEvent, " +
                "IIncidentEvent, … in src/Domain/Shared/EventKinds.cs): readers would never be told, nor cached pages refreshed");
        }
    }

    [Fact]
    public void Every_live_event_is_of_exactly_one_kind_and_has_a_topic()
    {
        Assert.NotEmpty(LiveUpdates.EventTypes);
        foreach (var type in LiveUpdates.EventTypes)
        {
            var kinds = Kinds.Where(k => k.IsAssignableFrom(type)).Select(k => k.Name).ToList();
            Assert.True(kinds.Count == 1, $"{type.Name} is live, so it must be of exactly one kind, not [{string.Join(", ", kinds)}]");
            Assert.True(LiveUpdates.TopicOf(RuntimeHelpers.GetUninitializedObject(type)) is not null,
                $"{type.Name} is live but LiveUpdates.TopicOf gives it no topic");
        }

        Assert.All(LiveUpdates.GlobalEventTypes, t => Assert.Contains(t, LiveUpdates.EventTypes));
    }

    [Fact]
    public void Every_notice_kind_has_a_wire_name_of_its_own()
    {
        var kinds = typeof(NoticeType).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, Kind: f.GetCustomAttribute<NoticeKindAttribute>())).ToList();
        Assert.All(kinds, k => Assert.True(k.Kind is { Name.Length: > 0 }, $"NoticeType.{k.Name} has no [NoticeKind(name, subject)]"));
        Assert.Equal(kinds.Count, kinds.Select(k => k.Kind!.Name).Distinct().Count());
        Assert.Equal(kinds.Select(k => k.Kind!.Name), Notices.Names);
    }

    /// <summary>One of each event marked as giving notices: a newly marked one must be added here, and give a notice.</summary>
    [Fact]
    public void Every_event_marked_as_giving_notices_gives_one_and_the_relay_reads_it()
    {
        object[] samples =
        [
            new IncidentDeclared(Guid.NewGuid(), "Down", IncidentImpact.Major, IncidentStatus.Investigating, Guid.NewGuid(), "Looking", [], true, Now),
            new IncidentUpdatePosted(Guid.NewGuid(), Guid.NewGuid(), IncidentStatus.Investigating, IncidentStatus.Identified, "Found", [], true, Now),
            new IncidentPostmortemPublished(Guid.NewGuid(), "Why", Now),
            new ComponentStatusChanged(Guid.NewGuid(), ComponentStatus.Operational, ComponentStatus.MajorOutage, StatusSource.Operator, null, Now),
            new UptimeAlertRaised(Guid.NewGuid(), new DateOnly(2026, 11, 27), 97.5, 99.9, Now),
            new MaintenanceScheduled(Guid.NewGuid(), "Upgrade", Guid.NewGuid(), "Soon", [], Now, Now.AddHours(1), true, true, Now),
            new MaintenanceUpdatePosted(Guid.NewGuid(), Guid.NewGuid(), MaintenanceStatus.Scheduled, MaintenanceStatus.InProgress, "Go", [], false, Now),
            new MaintenanceCancelled(Guid.NewGuid(), MaintenanceStatus.Scheduled, [], Now)
        ];

        Assert.Equal(samples.Select(s => s.GetType()).OrderBy(t => t.FullName), Notices.EventTypes.OrderBy(t => t.FullName));
        Assert.All(samples, s => Assert.NotNull(Notices.For(s)));
    }

    /// <summary>
    /// Marten leaves an inline snapshot untouched for an event its aggregate has no Apply or Create for; the
    /// snapshot's Version, which If-Match and expectedVersion are checked against, then falls behind its stream and
    /// the next write's check and answer are off by one.
    /// </summary>
    [Theory]
    [InlineData(typeof(IComponentEvent), typeof(Component))]
    [InlineData(typeof(IComponentGroupEvent), typeof(ComponentGroup))]
    [InlineData(typeof(IIncidentEvent), typeof(Incident))]
    [InlineData(typeof(IMaintenanceEvent), typeof(Maintenance))]
    public void Every_event_of_a_stream_is_applied_by_its_aggregate(Type kind, Type aggregate)
    {
        var applied = Folded(aggregate);
        var events = typeof(EventKinds).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && kind.IsAssignableFrom(t)).ToList();
        Assert.NotEmpty(events);
        var missing = events.Where(e => !applied.Contains(e)).Select(e => e.Name);
        Assert.True(!missing.Any(), $"{aggregate.Name} has no Apply for {string.Join(", ", missing)}: its snapshot's version would fall behind the stream");
    }

    /// <summary>The events a type's Create and Apply methods take, as Marten finds them by convention.</summary>
    private static List<Type> Folded(Type projection) =>
        projection.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.Name is "Create" or "Apply" or "ShouldDelete" && m.GetParameters().Length > 0)
            .Select(m => m.GetParameters()[0].ParameterType)
            .Select(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEvent<>) ? t.GetGenericArguments()[0] : t)
            .Where(t => t.Assembly == typeof(EventKinds).Assembly)
            .Distinct().ToList();
}
