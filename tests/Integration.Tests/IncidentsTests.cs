using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class IncidentsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_incident_sets_the_components_it_names_when_declared_and_on_each_update_and_leaves_the_others_alone()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        var incident = await org.Declare(db);

        Assert.Equal("major_outage", (await org.Component(db)).Status);
        Assert.Equal("operational", (await org.Component(api)).Status);

        var update = await Update(org, incident, "identified", "A disk filled up.", new() { [db] = "partial_outage", [api] = "degraded_performance" });
        Assert.Equal(2, (await update.Answer<WrittenAnswer>()).Version);
        Assert.Equal("degraded_performance", (await org.Component(api)).Status);

        await Update(org, incident, "resolved", "All good.", new() { [db] = "operational", [api] = "operational" });
        Assert.Equal("operational", (await org.Component(db)).Status);
    }

    [Fact]
    public async Task A_postmortem_comes_only_after_resolution_and_a_resolved_incident_takes_no_more_updates()
    {
        var org = await fixture.NewOrganization();
        var incident = await org.Declare(await org.AddComponent());

        await (await Postmortem(org, incident, "# Too early")).AssertProblem(409);
        Assert.Equal(200, (int)(await Update(org, incident, "resolved", "All good.")).StatusCode);
        await (await Update(org, incident, "monitoring", "Again?")).AssertProblem(409);
        Assert.Equal(200, (int)(await Postmortem(org, incident, "# What happened\nA disk filled up.")).StatusCode);

        var read = await org.Incident(incident);
        Assert.Equal("resolved", read.Status);
        Assert.NotNull(read.ResolvedAt);
        Assert.StartsWith("# What happened", read.Postmortem!.Body);
    }

    [Fact]
    public async Task An_incident_is_renamed_and_given_another_impact_and_shows_its_updates_newest_first()
    {
        var org = await fixture.NewOrganization();
        var incident = await org.Declare(await org.AddComponent());
        await Update(org, incident, "identified", "A disk filled up.");

        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}"), new { impact = "critical", name = "Database outage" })).StatusCode);
        await Update(org, incident, "resolved", "All good.");

        var read = await org.Incident(incident);
        Assert.Equal("Database outage", read.Name);
        Assert.Equal("critical", read.Impact);
        Assert.Equal(["resolved", "identified", "investigating"], read.Updates.Select(u => u.Status));
    }

    [Fact]
    public async Task Incidents_are_listed_newest_first_and_filtered_by_status()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var first = await org.Declare(api);
        await Update(org, first, "resolved", "Fixed.");
        var second = await org.Declare(api, "partial_outage");

        var all = await org.Incidents();
        Assert.Equal([second, first], all.Incidents.Select(i => i.Id));
        Assert.Equal(2, all.Total);
        Assert.Equal([1, 2], all.Incidents.Select(i => i.Updates.Count));
        Assert.Equal([first], (await org.Incidents("?status=resolved")).Incidents.Select(i => i.Id));
        Assert.Empty((await org.Incidents("?page=2")).Incidents);
    }

    [Fact]
    public async Task An_unknown_status_or_a_page_that_is_not_a_positive_number_is_400()
    {
        var org = await fixture.NewOrganization();
        await (await org.Owner.GetAsync(org.Api("/incidents?status=exploded"))).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api("/incidents?page=0"))).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api("/incidents?page=abc"))).AssertProblem(400);
    }

    [Fact]
    public async Task The_history_names_who_did_what_in_order_and_the_request_each_change_came_with()
    {
        var org = await fixture.NewOrganization();
        var editor = fixture.Client(await org.Key("editor"));
        var api = await org.AddComponent();
        var incident = await org.Declare(api);
        var correlated = new HttpRequestMessage(HttpMethod.Post, org.Api($"/incidents/{incident}/updates"))
            { Content = JsonContent.Create(new { status = "monitoring", message = "A fix is out." }) };
        Assert.Equal(200, (int)(await editor.SendAsync(correlated)).StatusCode);

        var history = await org.Events($"/incidents/{incident}");
        Assert.Equal(["incident_declared", "incident_update_posted"], history.Select(e => e.Type));
        Assert.Equal([1, 2], history.Select(e => e.Version));
        Assert.True(history[1].Sequence > history[0].Sequence);
        var keys = await org.ApiKeys();
        Assert.Equal($"apikey:{keys.Single(k => k.Role == "owner").Id}", history[0].Actor);
        Assert.Equal($"apikey:{keys.Single(k => k.Role == "editor").Id}", history[1].Actor);
        Assert.False(string.IsNullOrEmpty(history[1].CorrelationId));
        Assert.Equal("monitoring", history[1].DataAs<PostedUpdateAnswer>().Status);

        var componentHistory = await org.Events($"/components/{api}");
        Assert.Equal(history[0].CorrelationId!, componentHistory[1].CorrelationId);
    }

    [Fact]
    public async Task An_incident_is_read_as_it_was_at_a_version_or_a_time_and_not_before_it_began()
    {
        var org = await fixture.NewOrganization();
        var incident = await org.Declare(await org.AddComponent());
        var afterDeclaration = DateTimeOffset.UtcNow;
        await Update(org, incident, "monitoring", "A fix is out.");

        var atVersionOne = await org.Incident(incident, "?version=1");
        Assert.Equal("investigating", atVersionOne.Status);
        Assert.Single(atVersionOne.Updates);
        Assert.Equal("investigating", (await org.Incident(incident, $"?at={Uri.EscapeDataString(afterDeclaration.ToString("O"))}")).Status);
        Assert.Equal("monitoring", (await org.Incident(incident)).Status);
        await (await org.Owner.GetAsync(org.Api($"/incidents/{incident}?at=2000-01-01T00:00:00Z"))).AssertProblem(404);
        await (await org.Owner.GetAsync(org.Api($"/incidents/{incident}?at=yesterday"))).AssertProblem(400);
    }

    [Fact]
    public async Task An_incident_cannot_name_unknown_components_and_stores_nothing_when_it_tries()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var response = await org.Owner.PostAsJsonAsync(org.Api("/incidents"), new
        {
            name = "Ghost", impact = "minor", status = "investigating", message = "Boo",
            components = new Dictionary<Guid, string> { [api] = "major_outage", [Guid.NewGuid()] = "major_outage" }
        });
        await response.AssertProblem(400);
        Assert.Equal("operational", (await org.Component(api)).Status);
        Assert.Empty((await org.Incidents()).Incidents);
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_expected_version_let_exactly_one_win()
    {
        var org = await fixture.NewOrganization();
        var incident = await org.Declare(await org.AddComponent());
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
                new { status = "identified", message = $"Attempt {i}", expectedVersion = 1 })));
        Assert.Single(attempts, r => (int)r.StatusCode == 200);
        foreach (var lost in attempts.Where(r => (int)r.StatusCode != 200)) await lost.AssertProblem(409);
        Assert.Equal(2, (await org.Incident(incident)).Version);
    }

    private static Task<HttpResponseMessage> Update(
        TestOrganization org, Guid incident, string status, string message, Dictionary<Guid, string>? components = null) =>
        org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
            components is null ? new { status, message } : (object)new { status, message, components });

    private static Task<HttpResponseMessage> Postmortem(TestOrganization org, Guid incident, string body) =>
        org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/postmortem"), new { body });
}
