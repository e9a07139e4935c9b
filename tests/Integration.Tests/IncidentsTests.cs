using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class IncidentsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_incident_moves_its_components_through_updates_to_resolution_and_a_postmortem()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        var incident = await org.Declare(db);

        Assert.Equal("major_outage", (await org.Get($"/components/{db}"))["status"]!.GetValue<string>());
        Assert.Equal("operational", (await org.Get($"/components/{api}"))["status"]!.GetValue<string>());

        var update = await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new
        {
            status = "identified", message = "A disk filled up.",
            components = new Dictionary<Guid, string> { [db] = "partial_outage", [api] = "degraded_performance" }
        });
        Assert.Equal(2, (await update.Json())["version"]!.GetValue<int>());
        Assert.Equal("degraded_performance", (await org.Get($"/components/{api}"))["status"]!.GetValue<string>());

        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}"), new { impact = "critical", name = "Database outage" })).StatusCode);
        await (await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/postmortem"), new { body = "# Too early" })).AssertProblem(409);

        var resolve = await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new
        {
            status = "resolved", message = "All good.",
            components = new Dictionary<Guid, string> { [db] = "operational", [api] = "operational" }
        });
        Assert.Equal(200, (int)resolve.StatusCode);
        await (await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "monitoring", message = "Again?" })).AssertProblem(409);
        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/postmortem"), new { body = "# What happened\nA disk filled up." })).StatusCode);

        var read = await org.Get($"/incidents/{incident}");
        Assert.Equal("Database outage", read["name"]!.GetValue<string>());
        Assert.Equal("critical", read["impact"]!.GetValue<string>());
        Assert.Equal("resolved", read["status"]!.GetValue<string>());
        Assert.NotNull(read["resolvedAt"]);
        Assert.StartsWith("# What happened", read["postmortem"]!["body"]!.GetValue<string>());
        var updates = read["updates"]!.AsArray();
        Assert.Equal(["resolved", "identified", "investigating"], updates.Select(u => u!["status"]!.GetValue<string>()));
        Assert.Equal("operational", (await org.Get($"/components/{db}"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Incidents_are_listed_newest_first_and_filtered_by_status()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var first = await org.Declare(api);
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{first}/updates"), new { status = "resolved", message = "Fixed." });
        var second = await org.Declare(api, "partial_outage");

        var all = await org.Incidents();
        Assert.Equal([second.ToString(), first.ToString()], all["incidents"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(2, all["total"]!.GetValue<int>());
        Assert.Equal([1, 2], all["incidents"]!.AsArray().Select(i => i!["updates"]!.AsArray().Count));
        var resolved = await org.Incidents("?status=resolved");
        Assert.Equal([first.ToString()], resolved["incidents"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Empty((await org.Incidents("?page=2"))["incidents"]!.AsArray());
        await (await org.Owner.GetAsync(org.Api("/incidents?status=exploded"))).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api("/incidents?page=0"))).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api("/incidents?page=abc"))).AssertProblem(400);
    }

    [Fact]
    public async Task The_history_names_who_did_what_and_the_incident_can_be_read_as_it_was()
    {
        var org = await fixture.NewOrganization();
        var editorKey = await org.Key("editor");
        var editor = fixture.Client(editorKey);
        var api = await org.AddComponent();
        var incident = await org.Declare(api);
        var afterDeclaration = DateTimeOffset.UtcNow;
        var correlated = new HttpRequestMessage(HttpMethod.Post, org.Api($"/incidents/{incident}/updates"))
            { Content = JsonContent.Create(new { status = "monitoring", message = "A fix is out." }) };
        Assert.Equal(200, (int)(await editor.SendAsync(correlated)).StatusCode);

        var history = (await org.Get($"/incidents/{incident}/events")).AsArray();
        Assert.Equal(["incident_declared", "incident_update_posted"], history.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal([1, 2], history.Select(e => e!["version"]!.GetValue<int>()));
        Assert.True(history[1]!["sequence"]!.GetValue<long>() > history[0]!["sequence"]!.GetValue<long>());
        var keys = (await org.Get("/api-keys")).AsArray();
        var ownerKeyId = keys.Single(k => k!["role"]!.GetValue<string>() == "owner")!["id"]!.GetValue<string>();
        var editorKeyId = keys.Single(k => k!["role"]!.GetValue<string>() == "editor")!["id"]!.GetValue<string>();
        Assert.Equal($"apikey:{ownerKeyId}", history[0]!["actor"]!.GetValue<string>());
        Assert.Equal($"apikey:{editorKeyId}", history[1]!["actor"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(history[1]!["correlationId"]?.GetValue<string>()));
        Assert.Equal("monitoring", history[1]!["data"]!["status"]!.GetValue<string>());

        var componentHistory = (await org.Get($"/components/{api}/events")).AsArray();
        Assert.Equal(history[0]!["correlationId"]!.GetValue<string>(), componentHistory[1]!["correlationId"]!.GetValue<string>());

        var atVersionOne = await org.Get($"/incidents/{incident}?version=1");
        Assert.Equal("investigating", atVersionOne["status"]!.GetValue<string>());
        Assert.Single(atVersionOne["updates"]!.AsArray());
        var atTime = await org.Get($"/incidents/{incident}?at={Uri.EscapeDataString(afterDeclaration.ToString("O"))}");
        Assert.Equal("investigating", atTime["status"]!.GetValue<string>());
        Assert.Equal("monitoring", (await org.Get($"/incidents/{incident}"))["status"]!.GetValue<string>());
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
        Assert.Equal("operational", (await org.Get($"/components/{api}"))["status"]!.GetValue<string>());
        Assert.Empty((await org.Incidents())["incidents"]!.AsArray());
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
        Assert.Equal(2, (await org.Get($"/incidents/{incident}"))["version"]!.GetValue<int>());
    }
}
