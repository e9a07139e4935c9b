using System.Text.Json;
using Microsoft.Extensions.Configuration;
using StatusPage.Application.Notifications;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Pages;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;
using StatusPage.Projections.PublicApi;

namespace StatusPage.Application.Webhooks;

public sealed record WebhookPage(string Id, StatusIndicator StatusIndicator, string StatusDescription);

public sealed record WebhookComponentUpdate(Guid Id, Guid ComponentId, ComponentStatus OldStatus, ComponentStatus NewStatus, DateTimeOffset CreatedAt);

public sealed record WebhookComponent(Guid Id, string Name, ComponentStatus Status, DateTimeOffset CreatedAt);

/// <summary>A component's uptime over a UTC day fell below the organization's threshold (percentages, 0–100).</summary>
public sealed record WebhookUptimeAlert(Guid Id, Guid ComponentId, DateOnly Day, double UptimePercent, double Threshold, DateTimeOffset CreatedAt);

/// <summary>
/// What a change says to integrators, in Statuspage's subscriber-webhook shape inside the Standard Webhooks envelope
/// (<c>{type, timestamp, data}</c>). The page's status is computed from the write models, which are exact at once,
/// rather than read from the page view that the daemon may not have folded this change into yet.
/// </summary>
public sealed class WebhookPayloads(IConfiguration configuration)
{
    /// <summary>The body for every endpoint but its unsubscribe link; null when the subject is gone.</summary>
    public async Task<Dictionary<string, object?>?> For(Notice notice, IQuerySession session, CancellationToken token)
    {
        var view = await Page(session, token);
        var data = new Dictionary<string, object?> { ["page"] = PageOf(view) };
        switch (notice.Type.Subject())
        {
            case NoticeSubject.Component:
                var events = await session.Events.FetchStreamAsync(notice.SubjectId, notice.Version, fromVersion: notice.Version, token: token);
                if (events is not [var e] || !view.Components.TryGetValue(notice.SubjectId, out var component)) return null;
                switch (e.Data)
                {
                    case ComponentStatusChanged change:
                        data["component_update"] = new WebhookComponentUpdate(e.Id, change.ComponentId, change.OldStatus, change.NewStatus, change.At);
                        // The status this change gave, not a later one: receivers may get changes out of order.
                        data["component"] = new WebhookComponent(component.Id, component.Name, change.NewStatus, component.CreatedAt);
                        break;
                    case UptimeAlertRaised alert:
                        data["uptime_alert"] = new WebhookUptimeAlert(e.Id, alert.ComponentId, alert.Day, alert.Percent, alert.Threshold, alert.At);
                        data["component"] = new WebhookComponent(component.Id, component.Name, component.Status, component.CreatedAt);
                        break;
                    default:
                        return null;
                }

                break;
            case NoticeSubject.Incident:
                var incident = await session.Events.AggregateStreamAsync<IncidentTimeline>(notice.SubjectId, notice.Version, token: token);
                if (incident is null) return null;
                data["incident"] = StatuspageV2.Incident(incident, view);
                break;
            default:
                var maintenance = await session.Events.AggregateStreamAsync<MaintenanceTimeline>(notice.SubjectId, notice.Version, token: token);
                if (maintenance is null) return null;
                data["incident"] = StatuspageV2.Maintenance(maintenance, view);
                break;
        }

        return data;
    }

    /// <summary>What a test ping says: only the page as it is now.</summary>
    public async Task<Dictionary<string, object?>> Ping(IQuerySession session, CancellationToken token) =>
        new() { ["page"] = PageOf(await Page(session, token)) };

    /// <summary>The body one endpoint is sent, its own unsubscribe link (the API route that removes it) included.</summary>
    public string Body(string type, DateTimeOffset at, Dictionary<string, object?> data, string organizationId, Guid endpointId)
    {
        var publicUrl = (configuration["PublicUrl"] is { Length: > 0 } url ? url : "http://127.0.0.1:5000").TrimEnd('/');
        var withMeta = new Dictionary<string, object?>(data)
        {
            ["meta"] = new { unsubscribe = $"{publicUrl}/api/orgs/{organizationId}/webhooks/{endpointId}", documentation = (string?)null }
        };
        return JsonSerializer.Serialize(new { type, timestamp = at, data = withMeta }, StatuspageV2.Json);
    }

    private static WebhookPage PageOf(PageView view) => new(view.Id, view.Indicator, view.Description);

    private static async Task<PageView> Page(IQuerySession session, CancellationToken token)
    {
        var components = await session.Query<Component>().Where(c => !c.Removed).ToListAsync(token);
        var openImpacts = await session.Query<Incident>().Where(i => i.Status != IncidentStatus.Resolved).Select(i => i.Impact).ToListAsync(token);
        var indicator = PageStatus.Indicator(components.Select(c => c.Status).ToList(), openImpacts);
        return new PageView
        {
            Id = session.TenantId,
            Components = components.ToDictionary(c => c.Id,
                c => new PageComponent(c.Id, c.Name, c.Description, c.GroupId, c.Position, c.Status, c.CreatedAt, c.UpdatedAt)),
            Indicator = indicator,
            Description = PageStatus.Describe(indicator)
        };
    }
}
