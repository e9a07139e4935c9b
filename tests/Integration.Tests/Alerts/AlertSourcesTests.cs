using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using StatusPage.Application.Alerts;
using static StatusPage.Integration.Tests.Alerts.AlertRequests;

namespace StatusPage.Integration.Tests.Alerts;

/// <summary>Alert sources through the API, and notifications in each sender's shape posted as the senders post them.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class AlertSourcesTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Alertmanager_notifications_open_update_and_resolve_an_incident_and_a_repeat_changes_nothing()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var web = await org.AddComponent("Web");
        var source = await org.AddAlertSource(new { name = "Prometheus", kind = "alertmanager", openIncidents = true });
        Assert.Equal($"/api/alerts/{source.Id}", new Uri(source.Url).AbsolutePath);
        Assert.StartsWith("spa_", source.Token);

        var firing = AlertmanagerPayload("firing", ("a1", "firing", "API", "critical", "API error rate above 5 %"));
        var first = await org.Notified(source.Id, source.Token, firing);
        Assert.True(first.Changed);
        Assert.Equal((1, 0), (first.Firing, first.Resolved));
        Assert.Equal("major_outage", (await org.Component(api)).Status);
        var incident = Assert.Single((await org.Incidents()).Incidents);
        Assert.Equal(("API error rate above 5 %", "critical", "investigating"), (incident.Name, incident.Impact, incident.Status));

        var history = await org.Events($"/components/{api}");
        var change = history.Last(e => e.Type == "component_status_changed");
        Assert.Equal($"alert-source:{source.Id}", change.Actor);
        var data = change.DataAs<AlertChangeAnswer>();
        Assert.Equal(("major_outage", "alert", incident.Id), (data.NewStatus, data.Source, data.IncidentId));
        Assert.Equal((source.Id, "Prometheus", "a1", "api-1:9100"), (data.Alert.SourceId, data.Alert.SourceName, data.Alert.Fingerprint, data.Alert.Labels["instance"]));

        var repeat = await org.Notified(source.Id, source.Token, firing);
        Assert.False(repeat.Changed);
        Assert.Equal(history.Count, (await org.Events($"/components/{api}")).Count);
        Assert.Single((await org.Incidents()).Incidents);

        await org.Notified(source.Id, source.Token, AlertmanagerPayload("firing",
            ("a1", "firing", "API", "critical", "API error rate above 5 %"), ("w1", "firing", "Web", "warning", "Web slow")));
        Assert.Equal("partial_outage", (await org.Component(web)).Status);
        var updated = await org.Incident(incident.Id);
        Assert.Equal(2, updated.Updates.Count);
        Assert.Contains("Web slow", updated.Updates[0].Message);

        var resolved = await org.Notified(source.Id, source.Token, AlertmanagerPayload("resolved",
            ("a1", "resolved", "API", "critical", "API error rate above 5 %"), ("w1", "resolved", "Web", "warning", "Web slow")));
        Assert.Equal((0, 2), (resolved.Firing, resolved.Resolved));
        Assert.Equal(["operational", "operational"], (await Task.WhenAll(org.Component(api), org.Component(web))).Select(c => c.Status));
        Assert.Equal("resolved", (await org.Incident(incident.Id)).Status);
        Assert.Contains($"Resolved incident {incident.Id}.", resolved.Log);

        var log = await org.AlertLog(source.Id);
        Assert.Equal([true, true, false, true], log.Select(r => r.Changed));
        Assert.Contains("API: major_outage → operational.", log[0].Log);
        Assert.Equal("Nothing new: every alert was already known in this state.", Assert.Single(log[2].Log));
    }

    [Fact]
    public async Task Wrong_tokens_unknown_sources_and_malformed_payloads_are_refused_and_change_nothing()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var source = await org.AddAlertSource(new { name = "Prometheus", kind = "alertmanager" });
        var other = await (await fixture.NewOrganization()).AddAlertSource(new { name = "Theirs", kind = "alertmanager" });
        var firing = AlertmanagerPayload("firing", ("a1", "firing", "API", "critical", "Down"));

        await (await org.Notify(source.Id, null, firing)).AssertProblem(401);
        await (await org.Notify(source.Id, "spa_wrong", firing)).AssertProblem(401);
        await (await org.Notify(source.Id, other.Token, firing)).AssertProblem(401);
        await (await org.Notify(Guid.NewGuid(), source.Token, firing)).AssertProblem(401);
        await (await org.Notify(source.Id, source.Token, "{\"version\": \"4\", \"alerts\": ")).AssertProblem(400);
        await (await org.Notify(source.Id, source.Token, firing.Replace("\"version\":\"4\"", "\"version\":\"3\""))).AssertProblem(400);
        await (await org.Notify(source.Id, source.Token, firing.Replace("\"status\":\"firing\",\"labels\"", "\"status\":\"burning\",\"labels\""))).AssertProblem(400);
        await (await org.Notify(source.Id, source.Token, "[]")).AssertProblem(400);
        await (await org.Notify(source.Id, source.Token, JsonSerializer.Serialize(new { version = "4", alerts = new[] { new { status = "firing", labels = new { component = 5 } } } }))).AssertProblem(400);

        Assert.Equal("operational", (await org.Component(api)).Status);
        Assert.Empty(await org.AlertLog(source.Id));
        Assert.Equal(0, (await org.Get<List<JsonElement>>("/alert-sources")).Single().GetProperty("firing").GetInt32());

        var unknown = await org.Notified(source.Id, source.Token, AlertmanagerPayload("firing", ("b1", "firing", "Billing", "critical", "Billing down")));
        Assert.False(unknown.Changed);
        Assert.Equal(["'Billing down' names 'Billing', which is no component of this page."], unknown.Log);
        Assert.Equal(unknown.Log, Assert.Single(await org.AlertLog(source.Id)).Log);
    }

    [Fact]
    public async Task Grafana_signs_with_HMAC_and_the_generic_shape_takes_a_bearer_token()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var grafana = await org.AddAlertSource(new { name = "Grafana", kind = "grafana", componentLabel = "service", severities = new { high = "partial_outage" } });
        var body = JsonSerializer.Serialize(new
        {
            receiver = "statuspage", status = "firing", orgId = 1, version = "1", groupKey = "{}:{alertname=\"Latency\"}", truncatedAlerts = 0,
            title = "[FIRING:1] Latency", state = "alerting", message = "Latency high", groupLabels = new { alertname = "Latency" },
            commonLabels = new { alertname = "Latency" }, commonAnnotations = new { }, externalURL = "http://grafana.example:3000/",
            alerts = new[]
            {
                new
                {
                    status = "firing", labels = new Dictionary<string, string> { ["alertname"] = "Latency", ["service"] = "API", ["severity"] = "high" },
                    annotations = new Dictionary<string, string> { ["summary"] = "p99 above 2 s" }, startsAt = "2026-12-03T09:00:00Z",
                    endsAt = "0001-01-01T00:00:00Z", generatorURL = "http://grafana.example:3000/alerting/grafana/abc/view", fingerprint = "9f0e4c",
                    silenceURL = "http://grafana.example:3000/alerting/silence/new", dashboardURL = "", panelURL = "", values = new { A = 2.4 }
                }
            }
        });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        string Signed(string key, string ts) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{ts}:{body}")));

        await (await org.Notify(grafana.Id, null, body, h => h.Add("X-Grafana-Alerting-Signature", Signed("spa_other", timestamp)))).AssertProblem(401);
        var stale = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString();
        await (await org.Notify(grafana.Id, null, body, h =>
        {
            h.Add("X-Grafana-Alerting-Signature", Signed(grafana.Token, stale));
            h.Add("X-Grafana-Alerting-Timestamp", stale);
        })).AssertProblem(401);
        Assert.Equal("operational", (await org.Component(api)).Status);
        var signed = await org.Notify(grafana.Id, null, body, h =>
        {
            h.Add("X-Grafana-Alerting-Signature", Signed(grafana.Token, timestamp));
            h.Add("X-Grafana-Alerting-Timestamp", timestamp);
        });
        Assert.Equal(200, (int)signed.StatusCode);
        Assert.True("partial_outage" == (await org.Component(api)).Status, await signed.Content.ReadAsStringAsync());

        var generic = await org.AddAlertSource(new { name = "Cron checks", kind = "generic" });
        await org.Notified(generic.Id, generic.Token, JsonSerializer.Serialize(new { key = "backup", status = "firing", component = api.ToString(), severity = "critical", title = "Backups failing" }));
        Assert.Equal("major_outage", (await org.Component(api)).Status);
        await (await org.Notify(generic.Id, generic.Token, JsonSerializer.Serialize(new { status = "firing" }))).AssertProblem(400);
        await org.Notified(generic.Id, generic.Token, JsonSerializer.Serialize(new { key = "backup", status = "resolved" }));
        Assert.Equal("partial_outage", (await org.Component(api)).Status);
    }

    [Fact]
    public async Task An_operators_status_takes_the_component_from_alerts_until_it_is_handed_back()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var source = await org.AddAlertSource(new { name = "Prometheus", kind = "alertmanager" });
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "degraded_performance" })).StatusCode);

        var held = await org.Notified(source.Id, source.Token, AlertmanagerPayload("firing", ("a1", "firing", "API", "critical", "Down")));
        Assert.Contains("API stays degraded_performance: an operator set it, and has not handed it back.", held.Log);
        Assert.Equal("degraded_performance", (await org.Component(api)).Status);

        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { monitorControl = true })).StatusCode);
        await org.Notified(source.Id, source.Token, AlertmanagerPayload("firing", ("a2", "firing", "API", "warning", "Slow")));
        Assert.Equal("major_outage", (await org.Component(api)).Status);
    }

    [Fact]
    public async Task Sources_are_managed_by_editors_read_by_viewers_and_their_token_is_shown_once()
    {
        var org = await fixture.NewOrganization();
        var viewer = fixture.Client(await org.Key("viewer"));
        await (await viewer.PostAsJsonAsync(org.Api("/alert-sources"), new { name = "P", kind = "alertmanager" })).AssertProblem(403);
        var source = await org.AddAlertSource(new { name = "Prometheus", kind = "alertmanager" });

        var listed = await (await viewer.GetAsync(org.Api("/alert-sources"))).Content.ReadAsStringAsync();
        Assert.Contains("\"componentLabel\":\"component\"", listed);
        Assert.Contains("\"critical\":\"major_outage\"", listed);
        Assert.DoesNotContain(source.Token, listed);
        var got = await org.Owner.GetAsync(org.Api($"/alert-sources/{source.Id}"));
        Assert.DoesNotContain(source.Token, await got.Content.ReadAsStringAsync());
        foreach (var e in await org.Events($"/alert-sources/{source.Id}")) Assert.DoesNotContain(source.Token, e.Data.GetRawText());
        await (await viewer.PatchAsJsonAsync(org.Api($"/alert-sources/{source.Id}"), new { name = "X" })).AssertProblem(403);

        var patch = await org.Owner.PatchAsJsonAsync(org.Api($"/alert-sources/{source.Id}"), new { openIncidents = true, severities = new { page = "major_outage" }, expectedVersion = 1 });
        Assert.Equal(200, (int)patch.StatusCode);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/alert-sources/{source.Id}"), new { name = "Y", expectedVersion = 1 })).AssertProblem(409);
        var problem = await (await org.Owner.PatchAsJsonAsync(org.Api($"/alert-sources/{source.Id}"), new { severities = new { page = "operational" } })).AssertProblem(400);
        Assert.NotNull(problem["errors"]!["severities"]);
        await (await org.Owner.PostAsJsonAsync(org.Api("/alert-sources"), new { name = "P" })).AssertProblem(400);
        await (await org.Owner.PostAsJsonAsync(org.Api("/alert-sources"), new { name = "P", kind = "nagios" })).AssertProblem(400);
        await (await org.Owner.PostAsJsonAsync(org.Api("/alert-sources"), new { name = "P", kind = "generic", componentLabel = "a b" })).AssertProblem(400);

        var rotated = await (await org.Owner.PostAsync(org.Api($"/alert-sources/{source.Id}/rotate-token"), null)).Answer<CreatedAlertSourceAnswer>();
        Assert.NotEqual(source.Token, rotated.Token);
        var payload = AlertmanagerPayload("firing", ("a1", "firing", "Nothing", "page", "Down"));
        await (await org.Notify(source.Id, source.Token, payload)).AssertProblem(401);
        await org.Notified(source.Id, rotated.Token, payload);

        var other = await fixture.NewOrganization();
        await (await other.Owner.GetAsync(other.Api($"/alert-sources/{source.Id}"))).AssertProblem(404);
        await (await other.Owner.DeleteAsync(other.Api($"/alert-sources/{source.Id}"))).AssertProblem(404);
        Assert.Equal(204, (int)(await org.Owner.DeleteAsync(org.Api($"/alert-sources/{source.Id}"))).StatusCode);
        await (await org.Notify(source.Id, rotated.Token, payload)).AssertProblem(401);
        Assert.Empty(await org.Get<List<JsonElement>>("/alert-sources"));
        await (await org.Owner.GetAsync(org.Api($"/alert-sources/{source.Id}/log"))).AssertProblem(404);
        Assert.Equal(TimeSpan.FromMinutes(5), AlertReceiver.SignatureTolerance);
    }
}
