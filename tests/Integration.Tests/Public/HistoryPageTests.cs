using System.Net.Http.Json;

namespace StatusPage.Integration.Tests.Public;

[Collection(StatusPageCollection.Name)]
public sealed class HistoryPageTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task The_history_lists_past_incidents_and_ended_maintenance_by_month_newest_first()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var incident = await org.Declare(api);
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "resolved", message = "Fixed." });
        var from = MaintenanceRequests.WholeSeconds(fixture.Clock.GetUtcNow().AddDays(3));
        var window = await org.ScheduleMaintenance(from, from.AddHours(1), autoStart: false, api);
        Assert.Equal(200, (int)(await org.Owner.PostAsync(org.Api($"/maintenances/{window}/cancel"), null)).StatusCode);
        await fixture.Settled();

        var html = System.Net.WebUtility.HtmlDecode(await fixture.Client().GetStringAsync($"/{org.Slug}/history"));

        var maintenance = html.IndexOf("Database upgrade", StringComparison.Ordinal);
        var declared = html.IndexOf($"/{org.Slug}/incidents/{incident}", StringComparison.Ordinal);
        Assert.True(maintenance >= 0 && declared >= 0, html);
        Assert.True(maintenance < declared, "the window is scheduled after the incident started, so it comes first");
        Assert.Contains("Maintenance · Cancelled", html);
        Assert.Contains("Resolved", html);
    }
}
