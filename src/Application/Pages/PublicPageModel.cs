using StatusPage.Projections;
using StatusPage.Application.Uptime;
using StatusPage.Domain.Components;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections.Pages;

namespace StatusPage.Application.Pages;

public sealed record ComponentUptime(IReadOnlyList<UptimeDay> Days, double? Percent);

/// <summary>Everything the public page shows, read once per render from the read models and the status history.</summary>
public sealed record PublicPageModel(
    PublicPage Organization, PageView Page, IReadOnlyList<IncidentTimeline> OpenIncidents,
    IReadOnlyList<MaintenanceTimeline> OpenMaintenances, IReadOnlyDictionary<Guid, ComponentUptime> Uptime, TimeZoneInfo Zone)
{
    public const int UptimeDays = 90;

    public static async Task<PublicPageModel> Load(ReadSide reads, PublicPage organization, DateTimeOffset now, CancellationToken token)
    {
        await using var session = reads.Store.LightweightSession(organization.TenantId);
        var page = await session.LoadPageView(organization.TenantId, token);
        var incidents = await session.OpenIncidents(page, token);
        var maintenances = await session.OpenMaintenances(page, _ => true, token);

        var zone = organization.Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var uptime = await StatusHistories.Since(session,
            page.Components.Values.Select(c => new StatusNow(c.Id, c.CreatedAt, c.Status)).ToList(), now.AddDays(-UptimeDays - 1), token);
        return new PublicPageModel(organization, page, incidents, maintenances,
            uptime.ToDictionary(h => h.Key, h =>
            {
                var days = Domain.Components.Uptime.Days(h.Value, today, UptimeDays, zone, now);
                return new ComponentUptime(days, Domain.Components.Uptime.Percent(days));
            }), zone);
    }
}
