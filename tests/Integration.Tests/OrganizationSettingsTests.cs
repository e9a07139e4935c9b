using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class OrganizationSettingsTests(StatusPageFixture fixture)
{
    private static string Domain() => $"status-{Guid.NewGuid():N}.example.com";

    [Fact]
    public async Task The_owner_renames_moves_and_gives_the_page_a_custom_domain()
    {
        var org = await fixture.NewOrganization("Acme");
        await org.AddComponent();
        await fixture.Settled();
        Assert.Equal("Acme", (await PublicApiTests.V2(org, "status.json")).Page!.Name);

        var slug = org.Slug + "-new";
        var domain = Domain();
        var changed = await org.Owner.PatchAsJsonAsync(org.Api(), new { name = "Acme Cloud", slug, timeZone = "America/New_York", customDomain = domain.ToUpperInvariant() });
        Assert.Equal(200, (int)changed.StatusCode);
        Assert.Equal("\"5\"", changed.Headers.ETag!.Tag);
        var read = await org.Read();
        Assert.Equal(("Acme Cloud", slug, "America/New_York", domain), (read.Name, read.Slug, read.TimeZone, read.CustomDomain));

        var moved = org with { Slug = slug };
        var page = (await PublicApiTests.V2(moved, "summary.json", host: domain)).Page!;
        Assert.Equal(("Acme Cloud", $"https://{domain}", "America/New_York"), (page.Name, page.Url, page.TimeZone));
        var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Host = domain;
        var served = await fixture.Client().SendAsync(home);
        Assert.Equal(("text/html", 200), (served.Content.Headers.ContentType!.MediaType, (int)served.StatusCode));
        Assert.Contains("<h1><a href=\"/" + slug + "\">Acme Cloud</a></h1>", await served.Content.ReadAsStringAsync());
        // Nodes forget the old name once the change reaches them through Redis.
        await Eventually.True(async () => (int)(await fixture.Client().GetAsync($"/{org.Slug}/api/v2/status.json")).StatusCode == 404
                                                    && (await PublicApiTests.V2(moved, "status.json")).Page!.Name == "Acme Cloud",
            "the old slug is gone and the new name shows");

        var cleared = await org.Owner.PatchAsJsonAsync(org.Api(), new { customDomain = (string?)null });
        Assert.Equal(200, (int)cleared.StatusCode);
        Assert.Null((await org.Read()).CustomDomain);
        await Eventually.True(async () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v2/summary.json") { Headers = { Host = domain } };
            return (int)(await fixture.Client().SendAsync(request)).StatusCode == 404;
        }, "the removed domain no longer answers");
    }

    [Fact]
    public async Task Bad_settings_are_400_taken_ones_409_and_a_lost_race_409()
    {
        var org = await fixture.NewOrganization();
        var other = await fixture.NewOrganization();
        var domain = Domain();
        Assert.Equal(200, (int)(await other.Owner.PatchAsJsonAsync(other.Api(), new { customDomain = domain })).StatusCode);

        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { slug = "Not A Slug" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { slug = "api" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { name = "" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { timeZone = "Mars/Olympus" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { customDomain = "http://status.example.com/" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { customDomain = "10.0.0.1" })).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Patch, org.Api(), "{\"timeZone\": 7}")).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { slug = other.Slug })).AssertProblem(409);
        await (await org.Owner.PatchAsJsonAsync(org.Api(), new { customDomain = domain })).AssertProblem(409);

        var stale = new HttpRequestMessage(HttpMethod.Patch, org.Api()) { Content = JsonContent.Create(new { name = "Lost race" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"7\"");
        await (await org.Owner.SendAsync(stale)).AssertProblem(409);
        var current = new HttpRequestMessage(HttpMethod.Patch, org.Api()) { Content = JsonContent.Create(new { name = "Won" }) };
        current.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        Assert.Equal(200, (int)(await org.Owner.SendAsync(current)).StatusCode);
        Assert.Equal("Won", (await org.Read()).Name);
    }

    [Fact]
    public async Task Only_the_organizations_own_owner_changes_its_settings()
    {
        var org = await fixture.NewOrganization("Mine");
        var stranger = await fixture.NewOrganization();
        await (await stranger.Owner.PatchAsJsonAsync(org.Api(), new { name = "Theirs" })).AssertProblem(404);
        await (await stranger.Owner.PatchAsJsonAsync($"/api/orgs/{org.Slug}", new { name = "Theirs" })).AssertProblem(404);
        await (await fixture.Client(await org.Key("editor")).PatchAsJsonAsync(org.Api(), new { name = "Edited" })).AssertProblem(403);
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync($"/api/orgs/{org.Slug}", new { name = "Still mine" })).StatusCode);
        Assert.Equal("Still mine", (await org.Read()).Name);
    }
}
