using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Internal;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Organizations;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Projections.Live;

/// <summary>
/// Turns events into the live updates clients see, with each read model as it stood right after the event. The
/// publisher and the Last-Event-ID replay both use it, so a replayed message is the message that was sent.
/// </summary>
public static class LiveUpdates
{
    public static readonly Type[] EventTypes =
    [
        typeof(ComponentAdded), typeof(ComponentRenamed), typeof(ComponentDescribed), typeof(ComponentMovedToGroup),
        typeof(ComponentReordered), typeof(ComponentStatusChanged), typeof(ComponentRemoved),
        typeof(ComponentGroupAdded), typeof(ComponentGroupRenamed), typeof(ComponentGroupDescribed),
        typeof(ComponentGroupReordered), typeof(ComponentGroupRemoved),
        typeof(IncidentDeclared), typeof(IncidentUpdatePosted), typeof(IncidentImpactChanged), typeof(IncidentRenamed),
        typeof(IncidentPostmortemPublished),
        typeof(MaintenanceScheduled), typeof(MaintenanceRescheduled), typeof(MaintenanceRenamed), typeof(MaintenanceUpdatePosted),
        typeof(MaintenanceCancelled),
        typeof(ApiKeyIssued), typeof(ApiKeyRevoked),
        typeof(OrganizationRenamed), typeof(OrganizationSlugChanged), typeof(OrganizationTimeZoneChanged),
        typeof(OrganizationCustomDomainChanged)
    ];

    /// <summary>Organization settings and API keys are global streams, found apart from the organization's own events.</summary>
    public static readonly Type[] GlobalEventTypes =
    [
        typeof(ApiKeyIssued), typeof(ApiKeyRevoked), typeof(OrganizationRenamed), typeof(OrganizationSlugChanged),
        typeof(OrganizationTimeZoneChanged), typeof(OrganizationCustomDomainChanged)
    ];

    /// <summary>Topics the public page may carry; everything else reaches operators only.</summary>
    public static bool IsPublic(string topic) =>
        topic.StartsWith("service:") || topic.StartsWith("incident:") || topic.StartsWith("maintenance:");

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
        var (topic, model) = e.Data switch
        {
            ComponentStatusChanged or ComponentAdded or ComponentRemoved or ComponentRenamed or ComponentDescribed
                or ComponentMovedToGroup or ComponentReordered =>
                ("service:status", (object?)await StateAt<Component>(session, e, known, token)),
            ComponentGroupAdded or ComponentGroupRenamed or ComponentGroupDescribed or ComponentGroupReordered or ComponentGroupRemoved =>
                ("service:group", await StateAt<ComponentGroup>(session, e, known, token)),
            IncidentDeclared => ("incident:created", await StateAt<IncidentTimeline>(session, e, known, token)),
            IncidentUpdatePosted { Status: IncidentStatus.Resolved } => ("incident:resolved", await StateAt<IncidentTimeline>(session, e, known, token)),
            IncidentUpdatePosted or IncidentImpactChanged or IncidentRenamed or IncidentPostmortemPublished =>
                ("incident:updated", await StateAt<IncidentTimeline>(session, e, known, token)),
            MaintenanceScheduled => ("maintenance:scheduled", await StateAt<MaintenanceTimeline>(session, e, known, token)),
            MaintenanceUpdatePosted { OldStatus: MaintenanceStatus.Scheduled, Status: MaintenanceStatus.InProgress or MaintenanceStatus.Verifying } =>
                ("maintenance:started", await StateAt<MaintenanceTimeline>(session, e, known, token)),
            MaintenanceUpdatePosted { Status: MaintenanceStatus.Completed } =>
                ("maintenance:completed", await StateAt<MaintenanceTimeline>(session, e, known, token)),
            MaintenanceCancelled => ("maintenance:cancelled", await StateAt<MaintenanceTimeline>(session, e, known, token)),
            MaintenanceUpdatePosted or MaintenanceRescheduled or MaintenanceRenamed =>
                ("maintenance:updated", await StateAt<MaintenanceTimeline>(session, e, known, token)),
            ApiKeyIssued issued => ("apikey:issued", new { issued.KeyId, issued.Name, issued.Role, issued.Prefix, issued.At }),
            ApiKeyRevoked revoked => ("apikey:revoked", new { revoked.KeyId, revoked.At }),
            OrganizationRenamed or OrganizationSlugChanged or OrganizationTimeZoneChanged or OrganizationCustomDomainChanged =>
                ("organization:updated", await StateAt<Organization>(session, e, known, token)),
            _ => ("", null)
        };
        if (model is null) return null;

        var organization = e.Data switch
        {
            ApiKeyIssued issued => issued.OrganizationId,
            ApiKeyRevoked revoked => revoked.OrganizationId,
            OrganizationRenamed or OrganizationSlugChanged or OrganizationTimeZoneChanged or OrganizationCustomDomainChanged => e.StreamId,
            _ => Guid.TryParse(e.TenantId, out var id) ? id : Guid.Empty
        };
        if (organization == Guid.Empty) return null;
        return new LiveUpdate(organization, e.Sequence, topic, IsPublic(topic), JsonSerializer.SerializeToElement(model, WireJson.Options));
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
