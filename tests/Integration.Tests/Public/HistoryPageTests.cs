using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Host.PublicPages;

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

    [Fact]
    public async Task A_remembered_page_is_rendered_again_once_it_is_a_minute_old_because_time_alone_moves_its_uptime_bars()
    {
        var org = await fixture.NewOrganization();
        await org.AddComponent("API");
        await fixture.Settled();
        var documents = fixture.Host.Services.GetRequiredService<PublicDocuments>();
        using var client = fixture.Client();
        Assert.Equal(200, (int)(await client.GetAsync($"/{org.Slug}")).StatusCode);

        var renders = documents.Renders;
        await client.GetAsync($"/{org.Slug}");
        Assert.Equal(renders, documents.Renders);

        fixture.Clock.Advance(PublicDocuments.MaxAge);
        await client.GetAsync($"/{org.Slug}");
        Assert.Equal(renders + 1, documents.Renders);
    }
}
