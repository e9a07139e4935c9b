using System.Text.Json.Serialization;

namespace StatusPage.Testing;

// Statuspage's public v2 JSON, which webhooks carry too, as Statuspage's own clients read it: snake_case names.

public sealed record V2Document(
    V2Page? Page = null, V2Status? Status = null, List<V2Component>? Components = null, List<V2Incident>? Incidents = null,
    [property: JsonPropertyName("scheduled_maintenances")] List<V2Incident>? ScheduledMaintenances = null);

public sealed record V2Page(string Id, string Name, string Url, [property: JsonPropertyName("time_zone")] string TimeZone);

public sealed record V2Status(string Indicator, string Description);

public sealed record V2Component(
    Guid Id, string Name, string Status, bool Group, [property: JsonPropertyName("group_id")] Guid? GroupId,
    List<Guid>? Components = null);

/// <summary>An incident, or a maintenance window, which alone has the times it is scheduled for.</summary>
public sealed record V2Incident(
    Guid Id, string Name, string Status, string Impact, [property: JsonPropertyName("resolved_at")] DateTimeOffset? ResolvedAt,
    List<V2Component> Components, [property: JsonPropertyName("incident_updates")] List<V2IncidentUpdate> IncidentUpdates,
    [property: JsonPropertyName("scheduled_for")] DateTimeOffset? ScheduledFor = null);

public sealed record V2IncidentUpdate(
    string Status, [property: JsonPropertyName("affected_components")] List<V2AffectedComponent>? AffectedComponents);

public sealed record V2AffectedComponent(
    string Code, string Name, [property: JsonPropertyName("old_status")] string OldStatus, [property: JsonPropertyName("new_status")] string NewStatus);

/// <summary>A webhook's body: Statuspage's event shape, with the parts each type carries.</summary>
public sealed record HookAnswer(string Type, HookData Data);

public sealed record HookData(
    V2Incident? Incident = null, HookPage? Page = null, HookMeta? Meta = null, HookComponent? Component = null,
    [property: JsonPropertyName("component_update")] HookComponentUpdate? ComponentUpdate = null,
    [property: JsonPropertyName("uptime_alert")] HookUptimeAlert? UptimeAlert = null);

public sealed record HookPage(string Id, [property: JsonPropertyName("status_indicator")] string StatusIndicator);

public sealed record HookMeta(string Unsubscribe);

public sealed record HookComponent(Guid Id, string Name);

public sealed record HookComponentUpdate(
    [property: JsonPropertyName("old_status")] string OldStatus, [property: JsonPropertyName("new_status")] string NewStatus);

public sealed record HookUptimeAlert([property: JsonPropertyName("component_id")] Guid ComponentId, string Day, double Threshold);
