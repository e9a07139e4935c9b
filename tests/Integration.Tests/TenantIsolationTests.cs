using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

/// <summary>A key of one organization gets 404 for everything of another, through its own routes or theirs.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class TenantIsolationTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Another_organizations_key_gets_404_on_every_endpoint()
    {
        var victim = await fixture.NewOrganization();
        var group = await victim.AddGroup();
        var component = await victim.AddComponent("API", group);
        var incident = await victim.Declare(component);
        var keyId = (await victim.ApiKeys())[0].Id;
        var before = await Snapshot(victim, component, incident, group);

        var intruder = await fixture.NewOrganization();
        var client = intruder.Owner;
        foreach (var orgRoute in new[] { victim.Id.ToString(), victim.Slug, intruder.Id.ToString(), intruder.Slug })
        {
            var o = $"/api/orgs/{orgRoute}";
            var own = orgRoute == intruder.Id.ToString() || orgRoute == intruder.Slug;
            var requests = new List<Func<Task<HttpResponseMessage>>>
            {
                () => client.GetAsync($"{o}/components/{component}"),
                () => client.GetAsync($"{o}/components/{component}/events"),
                () => client.PatchAsJsonAsync($"{o}/components/{component}", new { status = "major_outage" }),
                () => client.DeleteAsync($"{o}/components/{component}"),
                () => client.PatchAsJsonAsync($"{o}/groups/{group}", new { name = "Mine" }),
                () => client.DeleteAsync($"{o}/groups/{group}"),
                () => client.GetAsync($"{o}/incidents/{incident}"),
                () => client.GetAsync($"{o}/incidents/{incident}?version=1"),
                () => client.GetAsync($"{o}/incidents/{incident}/events"),
                () => client.PostAsJsonAsync($"{o}/incidents/{incident}/updates", new { status = "resolved", message = "Mine now" }),
                () => client.PatchAsJsonAsync($"{o}/incidents/{incident}", new { impact = "none" }),
                () => client.PostAsJsonAsync($"{o}/incidents/{incident}/postmortem", new { body = "x" }),
                () => client.DeleteAsync($"{o}/api-keys/{keyId}"),
            };
            if (!own)
            {
                requests.Add(() => client.GetAsync(o));
                requests.Add(() => client.GetAsync($"{o}/components"));
                requests.Add(() => client.GetAsync($"{o}/groups"));
                requests.Add(() => client.GetAsync($"{o}/incidents"));
                requests.Add(() => client.GetAsync($"{o}/api-keys"));
                requests.Add(() => client.PostAsJsonAsync($"{o}/components", new { name = "Planted" }));
                requests.Add(() => client.PostAsJsonAsync($"{o}/groups", new { name = "Planted" }));
                requests.Add(() => client.PostAsJsonAsync($"{o}/api-keys", new { name = "Planted", role = "owner" }));
            }

            foreach (var request in requests) await (await request()).AssertProblem(404);
        }

        var declared = await client.PostAsJsonAsync(intruder.Api("/incidents"), new
        {
            name = "Borrowed", impact = "major", status = "investigating", message = "Using their component",
            components = new Dictionary<Guid, string> { [component] = "major_outage" }
        });
        await declared.AssertProblem(400);
        Assert.Empty(await intruder.Components());
        Assert.Empty((await intruder.Incidents()).Incidents);
        Assert.Equal(before, await Snapshot(victim, component, incident, group));
    }

    private static async Task<string> Snapshot(TestOrganization org, Guid component, Guid incident, Guid group) =>
        string.Join("\n", (await org.Get($"/components/{component}")).ToJsonString(), (await org.Get($"/incidents/{incident}")).ToJsonString(),
            (await org.Get("/groups")).ToJsonString(), (await org.Get("/api-keys")).AsArray().Count, (await org.Get("/components")).ToJsonString());
}
