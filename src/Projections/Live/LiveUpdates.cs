using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Internal;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Projections.Live;

/// <summary>
/// Turns events into the live updates clients see, with each read model as it stood right after the event. The
/// publisher and the Last-Event-ID replay both use it, so a replayed message is the message that was sent.
/// </summary>
public static class LiveUpdates
{
    /// <summary>Every event marked <see cref="ILiveEvent"/>: what the publisher subscribes to and the replay reads.</summary>
    public static readonly Type[] EventTypes = EventKinds.Of<ILiveEvent>();

    /// <summary>Organization settings and API keys are global streams, found apart from the organization's own events.</summary>
    public static readonly Type[] GlobalEventTypes = EventKinds.Of<IGlobalLiveEvent>();

    /// <summary>
    /// The topic an event goes out on, null for one that is not live. Public streams carry exactly the topics of
    /// <see cref="IPublicEvent"/>s; everything else reaches operators only.
    /// </summary>
    public static string? TopicOf(object data) => data switch
    {
        IComponentEvent => "service:status",
        IComponentGroupEvent => "service:group",
        IncidentDeclared => "incident:created",
        IncidentUpdatePosted { Status: IncidentStatus.Resolved } => "incident:resolved",
        IIncidentEvent => "incident:updated",
        MaintenanceScheduled => "maintenance:scheduled",
        MaintenanceUpdatePosted { OldStatus: MaintenanceStatus.Scheduled, Status: MaintenanceStatus.InProgress or MaintenanceStatus.Verifying } =>
            "maintenance:started",
        MaintenanceUpdatePosted { Status: MaintenanceStatus.Completed } => "maintenance:completed",
        MaintenanceCancelled => "maintenance:cancelled",
        IMaintenanceEvent => "maintenance:updated",
        ApiKeyIssued => "apikey:issued",
        ApiKeyRevoked => "apikey:revoked",
        IOrganizationEvent => "organization:updated",
        _ => null
    };

    /// <param name="known">
    /// Read models the caller already folded, by stream: a long stream is then advanced by its new events only,
    /// instead of being replayed from its first event for every message. Only a single sequential caller may
    /// pass one, since the states in it are advanced in place.
    /// </param>
    public static async Task<IReadOnlyList<LiveUpdate>> For(
        IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken token, StreamStates? known = null)
    {
        var updates = new List<LiveUpdate>();
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var tenantSession = session.ForTenant(tenant.Key);
            foreach (var e in tenant)
            {
                if (await For(tenantSession, e, known, token) is { } update) updates.Add(update);
            }
        }

        return updates.OrderBy(u => u.Sequence).ToList();
    }

    private static async Task<LiveUpdate?> For(IQuerySession session, IEvent e, StreamStates? known, CancellationToken token)
    {
        if (TopicOf(e.Data) is not { } topic) return null;
        var model = e.Data switch
        {
            IComponentEvent => (object?)await StateAt<Component>(session, e, known, token),
            IComponentGroupEvent => await StateAt<ComponentGroup>(session, e, known, token),
            IIncidentEvent => await StateAt<IncidentTimeline>(session, e, known, token),
            IMaintenanceEvent => await StateAt<MaintenanceTimeline>(session, e, known, token),
            ApiKeyIssued issued => new { issued.KeyId, issued.Name, issued.Role, issued.Prefix, issued.At },
            ApiKeyRevoked revoked => new { revoked.KeyId, revoked.At },
            IOrganizationEvent => await StateAt<Organization>(session, e, known, token),
            _ => null
        };
        if (model is null) return null;

        var organization = e.Data is IGlobalLiveEvent global ? global.OrganizationId
            : Guid.TryParse(e.TenantId, out var id) ? id : Guid.Empty;
        if (organization == Guid.Empty) return null;
        return new LiveUpdate(organization, e.Sequence, topic, e.Data is IPublicEvent, JsonSerializer.SerializeToElement(model, WireJson.Options));
    }

    private static async Task<T?> StateAt<T>(IQuerySession session, IEvent e, StreamStates? known, CancellationToken token)
        where T : class
    {
        // A known stream advances in memory by the event at hand, and by the few events of other types between,
        // which the replay does not read; others are folded from the store.
        var result = known?.Before<T>(e) is (var version, { } state)
            ? await ((IMartenSession)session).Options.Projections.AggregatorFor<T>().BuildAsync(
                version == e.Version - 1 ? [e] : await session.Events.FetchStreamAsync(e.StreamId, e.Version, fromVersion: version + 1, token: token),
                session, state, token)
            : await session.Events.AggregateStreamAsync<T>(e.StreamId, e.Version, token: token);
        known?.Remember(e, result);
        return result;
    }
}
