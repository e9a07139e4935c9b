using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Pages;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Pages;

namespace StatusPage.Integration.Tests;

/// <summary>The async read models the public page and its history are served from.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class ReadModelTests(StatusPageFixture fixture)
{
    private async Task<PageView?> Page(TestOrganization org)
    {
        await fixture.Settled();
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<PageView>(org.Id.ToString());
    }

    [Fact]
    public async Task The_page_view_follows_components_groups_and_open_incidents_to_the_overall_indicator()
    {
        var org = await fixture.NewOrganization();
        var group = await org.AddGroup("Platform");
        var api = await org.AddComponent("API", group);
        var web = await org.AddComponent("Web");

        var calm = await Page(org);
        Assert.Equal(StatusIndicator.None, calm!.Indicator);
        Assert.Equal("All Systems Operational", calm.Description);
        Assert.Equal(group, calm.Components[api].GroupId);
        Assert.Equal("Platform", calm.Groups[group].Name);

        var incident = await org.Declare(api, "partial_outage");
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{web}"), new { name = "Website" });
        var troubled = await Page(org);
        Assert.Equal(ComponentStatus.PartialOutage, troubled!.Components[api].Status);
        Assert.Equal("Website", troubled.Components[web].Name);
        Assert.Equal((IncidentImpact.Major, IncidentStatus.Investigating), (troubled.OpenIncidents[incident].Impact, troubled.OpenIncidents[incident].Status));
        Assert.Equal(StatusIndicator.Major, troubled.Indicator);
        Assert.Equal("Partial System Outage", troubled.Description);

        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new
        {
            status = "resolved", message = "Fixed.", components = new Dictionary<Guid, string> { [api] = "operational" }
        });
        await org.Owner.DeleteAsync(org.Api($"/components/{web}"));
        var resolved = await Page(org);
        Assert.Empty(resolved!.OpenIncidents);
        Assert.Equal([api], resolved.Components.Keys);
        Assert.Equal(StatusIndicator.None, resolved.Indicator);
    }

    [Fact]
    public async Task The_incident_history_lists_every_incident_with_its_outcome()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var first = await org.Declare(api);
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{first}/updates"), new { status = "resolved", message = "Fixed." });
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{first}/postmortem"), new { body = "# Why" });
        var second = await org.Declare(api, "degraded_performance");
        await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{second}"), new { impact = "minor" });

        await fixture.Settled();
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(org.Id.ToString());
        var history = await session.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt).ToListAsync();
        Assert.Equal([second, first], history.Select(i => i.Id));
        Assert.Equal((IncidentStatus.Resolved, true), (history[1].Status, history[1].HasPostmortem));
        Assert.NotNull(history[1].ResolvedAt);
        Assert.Equal((IncidentStatus.Investigating, IncidentImpact.Minor, false), (history[0].Status, history[0].Impact, history[0].HasPostmortem));
    }
}
