using JasperFx.Events;
using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.History;

/// <summary>One event as an auditor reads it: what happened, when, who did it and on behalf of which request.</summary>
public sealed record HistoryEntry(
    long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? CorrelationId,
    string? CausationId, object Data);

public static class StreamHistoryEndpoints
{
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/incidents/{id}/events", OperationId = "incidentHistory")]
    public static Task<IResult> Incident(Guid id, IQuerySession session, CancellationToken token) =>
        Read<IncidentDeclared>("Incident", id, session, token);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/components/{id}/events", OperationId = "componentHistory")]
    public static Task<IResult> Component(Guid id, IQuerySession session, CancellationToken token) =>
        Read<ComponentAdded>("Component", id, session, token);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/maintenances/{id}/events", OperationId = "maintenanceHistory")]
    public static Task<IResult> Maintenance(Guid id, IQuerySession session, CancellationToken token) =>
        Read<MaintenanceScheduled>("Maintenance", id, session, token);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/webhooks/{id}/events", OperationId = "webhookHistory")]
    public static Task<IResult> Webhook(Guid id, IQuerySession session, CancellationToken token) =>
        Read<WebhookEndpointRegistered>("Webhook endpoint", id, session, token);

    /// <summary>The source's settings and token rotations, and every alert it recorded as firing or resolved.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/alert-sources/{id}/events", OperationId = "alertSourceHistory")]
    public static Task<IResult> AlertSource(Guid id, IQuerySession session, CancellationToken token) =>
        Read<AlertSourceCreated>("Alert source", id, session, token);

    /// <summary>The stream must begin with <typeparamref name="TStart"/>, so an incident id is no component's or maintenance's history.</summary>
    internal static async Task<IResult> Read<TStart>(string what, Guid id, IQuerySession session, CancellationToken token)
    {
        var events = await session.Events.FetchStreamAsync(id, token: token);
        if (events.Count == 0 || events[0].Data is not TStart) return Problems.NotFound(what, id);
        return Results.Ok(events.Select(Entry).ToList());
    }

    public static HistoryEntry Entry(IEvent e) => new(
        e.Sequence, e.Version, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId,
        e.Data is ICarriesSecrets secrets ? secrets.WithoutSecrets() : e.Data);
}
