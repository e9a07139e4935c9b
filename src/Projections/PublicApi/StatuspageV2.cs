using System.Text.Json;
using System.Text.Json.Serialization;
using StatusPage.Domain.Components;
using StatusPage.Domain.Pages;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;

namespace StatusPage.Projections.PublicApi;

public sealed record V2Page(string Id, string Name, string? Url, string TimeZone, DateTimeOffset UpdatedAt);

public sealed record V2Status(StatusIndicator Indicator, string Description);

/// <param name="Components">Only on group rows: the ids of the components in the group.</param>
public sealed record V2Component(
    Guid Id, string Name, ComponentStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Position, string? Description,
    bool Showcase, string? StartDate, Guid? GroupId, string PageId, bool Group, bool OnlyShowIfDegraded,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid>? Components);

public sealed record V2AffectedComponent(Guid Code, string Name, ComponentStatus OldStatus, ComponentStatus NewStatus);

public sealed record V2IncidentUpdate(
    Guid Id, string Status, string Body, Guid IncidentId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset DisplayAt,
    IReadOnlyList<V2AffectedComponent>? AffectedComponents, bool DeliverNotifications);

/// <summary>An incident, or a scheduled maintenance: the incident's fields plus its window.</summary>
public sealed record V2Incident(
    Guid Id, string Name, string Status, string Impact, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt,
    DateTimeOffset? MonitoringAt, DateTimeOffset? ResolvedAt, string? Shortlink, string PageId, IReadOnlyList<V2IncidentUpdate> IncidentUpdates,
    IReadOnlyList<V2Component> Components,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ScheduledFor = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ScheduledUntil = null);

/// <summary>
/// Statuspage's public v2 objects, built from the read models as they are: the page view, incident and maintenance
/// timelines. Field names and status words are Statuspage's, so its existing clients and widgets read them unchanged:
/// the public API and webhook payloads both speak them.
/// </summary>
public static class StatuspageV2
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) }
    };

    public static byte[] Serialize(object document) => JsonSerializer.SerializeToUtf8Bytes(document, Json);

    public static V2Status Status(PageView view) => new(view.Indicator, view.Description);

    /// <summary>Ungrouped components and groups in their order, each group followed by its components; a group shows the worst of them.</summary>
    public static IReadOnlyList<V2Component> Components(PageView view)
    {
        var pageId = view.Id;
        var children = view.Components.Values.Where(c => c.GroupId is { } g && view.Groups.ContainsKey(g)).ToLookup(c => c.GroupId!.Value);
        var rows = new List<V2Component>();
        var top = view.Groups.Values.Select(g => (g.Position, g.Name, Group: (PageGroup?)g, Component: (PageComponent?)null))
            .Concat(view.Components.Values.Where(c => c.GroupId is not { } g || !view.Groups.ContainsKey(g))
                .Select(c => (c.Position, c.Name, Group: (PageGroup?)null, Component: (PageComponent?)c)))
            .OrderBy(r => r.Position).ThenBy(r => r.Name, StringComparer.Ordinal);
        foreach (var (_, _, group, component) in top)
        {
            if (component is not null)
            {
                rows.Add(Component(component, pageId));
                continue;
            }

            var members = children[group!.Id].OrderBy(c => c.Position).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
            rows.Add(new V2Component(group.Id, group.Name, PageStatus.Worst(members.Select(c => c.Status)), group.CreatedAt, group.UpdatedAt,
                group.Position, group.Description, true, null, null, pageId, true, false, members.Select(c => c.Id).ToList()));
            rows.AddRange(members.Select(c => Component(c, pageId)));
        }

        return rows;
    }

    public static V2Incident Incident(IncidentTimeline incident, PageView view) => new(
        incident.Id, incident.Name,
        incident.Postmortem is not null ? "postmortem" : StatusWords.Wire(incident.Status), StatusWords.Wire(incident.Impact),
        incident.StartedAt, incident.UpdatedAt, incident.StartedAt, incident.MonitoringAt, incident.ResolvedAt, null, view.Id,
        incident.Updates.Select(u => Update(u.Id, StatusWords.Wire(u.Status), u.Message, incident.Id, u.At, u.AffectedComponents, u.Notify)).ToList(),
        ComponentsOf(incident.Components.Keys, view));

    public static V2Incident Maintenance(MaintenanceTimeline maintenance, PageView view) => new(
        maintenance.Id, maintenance.Name, StatusWords.Wire(maintenance.Status), "maintenance",
        maintenance.CreatedAt, maintenance.UpdatedAt, maintenance.StartedAt, null, maintenance.CompletedAt, null, view.Id,
        maintenance.Updates.Select(u => Update(u.Id, StatusWords.Wire(u.Status), u.Message, maintenance.Id, u.At, u.AffectedComponents, false)).ToList(),
        ComponentsOf(maintenance.Components.Select(c => c.ComponentId), view), maintenance.ScheduledFor, maintenance.ScheduledUntil);

    private static V2Component Component(PageComponent c, string pageId) =>
        new(c.Id, c.Name, c.Status, c.CreatedAt, c.UpdatedAt, c.Position, c.Description, true, null, c.GroupId, pageId, false, false, null);

    /// <summary>The components as the page shows them now; removed ones are no longer on the page.</summary>
    private static IReadOnlyList<V2Component> ComponentsOf(IEnumerable<Guid> ids, PageView view) =>
        ids.Where(view.Components.ContainsKey).Select(id => Component(view.Components[id], view.Id)).ToList();

    private static V2IncidentUpdate Update(
        Guid id, string status, string body, Guid incidentId, DateTimeOffset at, IReadOnlyList<Domain.Incidents.AffectedComponent> affected,
        bool notify) =>
        new(id, status, body, incidentId, at, at, at,
            affected.Count == 0 ? null : affected.Select(a => new V2AffectedComponent(a.ComponentId, a.Name, a.OldStatus, a.NewStatus)).ToList(),
            notify);
}
