using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Alerts;

/// <summary>
/// A real Prometheus Alertmanager sending to two host processes on one database: each node gets every notification,
/// as when a load balancer's retry or two receivers deliver it twice, and the alerts change things once.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class AlertmanagerClusterTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Alertmanager_fires_and_resolves_through_two_nodes_and_each_change_happens_once()
    {
        await using var database = await ScratchDatabase.Create();
        var settings = new Dictionary<string, string> { ["DATABASE_URL"] = database.ConnectionString };
        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => HostProcess.Start(LiveNode.SharedRedis, settings)));
        await using var a = nodes[0];
        await using var b = nodes[1];
        var org = await a.NewOrganization(fixture);
        var api = await org.AddComponent("API");
        var source = await org.AddAlertSource(new { name = "Prometheus", kind = "alertmanager", openIncidents = true });
        await using var alertmanager = await Alertmanager.Start(nodes.Select(n => (new Uri(n.BaseAddress, $"/api/alerts/{source.Id}").ToString(), source.Token)));

        var labels = new Dictionary<string, string> { ["alertname"] = "ApiDown", ["component"] = "API", ["severity"] = "critical" };
        await alertmanager.Post([labels], "API answers 503");
        await Eventually.True(async () => (await org.Component(api)).Status == "major_outage", "Alertmanager's notification sets the component");
        await Eventually.True(async () => (await org.AlertLog(source.Id)).Count >= 2, "both nodes received the notification");

        await alertmanager.Post([labels], "API answers 503", endsAt: DateTimeOffset.UtcNow.AddSeconds(-1));
        await Eventually.True(async () => (await org.Component(api)).Status == "operational", "the resolved notification clears the component");
        await Eventually.True(async () => (await org.AlertLog(source.Id)).Count(r => r.Resolved == 1) >= 2, "both nodes received the resolution");

        var changes = (await org.Events($"/components/{api}")).Where(e => e.Type == "component_status_changed").Select(e => e.DataAs<AlertChangeAnswer>()).ToList();
        Assert.Equal(["major_outage", "operational"], changes.Select(c => c.NewStatus));
        Assert.All(changes, c => Assert.Equal("alert", c.Source));
        var incident = Assert.Single((await org.Incidents()).Incidents);
        Assert.Equal(("API answers 503", "resolved"), (incident.Name, incident.Status));
        Assert.Equal(2, (await org.Incident(incident.Id)).Updates.Count);
    }
}
