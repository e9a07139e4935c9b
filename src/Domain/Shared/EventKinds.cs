namespace StatusPage.Domain.Shared;

// What an event is, said once on the event itself: the live publisher, the Last-Event-ID replay, the public pages'
// cache and the notice relay all build their lists from these markers, so a new event marked here reaches every
// one of them, and one left unmarked is caught by tests/Domain.Tests/EventKindsTests instead of silently never
// being published.

/// <summary>
/// Operators see it live: the live publisher sends it to Redis, and each node renders the organization's public
/// documents again once it arrives. Mark an event with one of the kinds below, never with this alone.
/// </summary>
public interface ILiveEvent;

/// <summary>The public page, its feeds or the public v2 JSON show it: it goes out on a topic public streams carry.</summary>
public interface IPublicEvent : ILiveEvent;

/// <summary>Changes what readers see of a component: the update carries the component as it stood after it.</summary>
public interface IComponentEvent : IPublicEvent;

/// <summary>Changes what readers see of a component group: the update carries the group as it stood after it.</summary>
public interface IComponentGroupEvent : IPublicEvent;

/// <summary>Changes an incident: the update carries the incident's timeline as it stood after it.</summary>
public interface IIncidentEvent : IPublicEvent;

/// <summary>Changes a maintenance window: the update carries its timeline as it stood after it.</summary>
public interface IMaintenanceEvent : IPublicEvent;

/// <summary>
/// Operators only, on a global stream rather than its organization's tenant (organizations and API keys must be
/// found before the tenant is known): <see cref="OrganizationId"/> says whose it is.
/// </summary>
public interface IGlobalLiveEvent : ILiveEvent
{
    Guid OrganizationId { get; }
}

/// <summary>Changes the organization's settings: the update carries the organization as it stood after it.</summary>
public interface IOrganizationEvent : IGlobalLiveEvent;

/// <summary>Issues or revokes an API key: the update carries the key's public fields, never its secret.</summary>
public interface IApiKeyEvent : IGlobalLiveEvent;

/// <summary>Subscribers and webhook endpoints may hear of it: the notice relay reads it, and <c>Notices.For</c> says which notice it gives.</summary>
public interface INoticeEvent;

public static class EventKinds
{
    /// <summary>Every event type of the domain marked with <typeparamref name="TKind"/>.</summary>
    public static Type[] Of<TKind>() =>
        typeof(EventKinds).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(TKind).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
}
