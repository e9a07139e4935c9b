using System.Text.Json;
using JasperFx.Events;
using Marten;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Projections.Incidents;

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
        typeof(ApiKeyIssued), typeof(ApiKeyRevoked)
    ];

    /// <summary>Topics the public page may carry; everything else reaches operators only.</summary>
    public static bool IsPublic(string topic) => topic.StartsWith("service:") || topic.StartsWith("incident:");

    public static async Task<IReadOnlyList<LiveUpdate>> For(IQuerySession session, IReadOnlyList<IEvent> events, CancellationToken token)
    {
        var updates = new List<LiveUpdate>();
        foreach (var tenant in events.GroupBy(e => e.TenantId))
        {
            var tenantSession = session.ForTenant(tenant.Key);
            foreach (var e in tenant)
            {
                if (await For(tenantSession, e, token) is { } update) updates.Add(update);
            }
        }

        return updates.OrderBy(u => u.Sequence).ToList();
    }

    private static async Task<LiveUpdate?> For(IQuerySession session, IEvent e, CancellationToken token)
    {
        var (topic, model) = e.Data switch
        {
            ComponentStatusChanged or ComponentAdded or ComponentRemoved or ComponentRenamed or ComponentDescribed
                or ComponentMovedToGroup or ComponentReordered =>
                ("service:status", (object?)await session.Events.AggregateStreamAsync<Component>(e.StreamId, e.Version, token: token)),
            ComponentGroupAdded or ComponentGroupRenamed or ComponentGroupDescribed or ComponentGroupReordered or ComponentGroupRemoved =>
                ("service:group", await session.Events.AggregateStreamAsync<ComponentGroup>(e.StreamId, e.Version, token: token)),
            IncidentDeclared => ("incident:created", await Timeline(session, e, token)),
            IncidentUpdatePosted { Status: IncidentStatus.Resolved } => ("incident:resolved", await Timeline(session, e, token)),
            IncidentUpdatePosted or IncidentImpactChanged or IncidentRenamed or IncidentPostmortemPublished =>
                ("incident:updated", await Timeline(session, e, token)),
            ApiKeyIssued issued => ("apikey:issued", new { issued.KeyId, issued.Name, issued.Role, issued.Prefix, issued.At }),
            ApiKeyRevoked revoked => ("apikey:revoked", new { revoked.KeyId, revoked.At }),
            _ => ("", null)
        };
        if (model is null) return null;

        var organization = e.Data switch
        {
            ApiKeyIssued issued => issued.OrganizationId,
            ApiKeyRevoked revoked => revoked.OrganizationId,
            _ => Guid.TryParse(e.TenantId, out var id) ? id : Guid.Empty
        };
        if (organization == Guid.Empty) return null;
        return new LiveUpdate(organization, e.Sequence, topic, IsPublic(topic), JsonSerializer.SerializeToElement(model, WireJson.Options));
    }

    private static Task<IncidentTimeline?> Timeline(IQuerySession session, IEvent e, CancellationToken token) =>
        session.Events.AggregateStreamAsync<IncidentTimeline>(e.StreamId, e.Version, token: token);
}
