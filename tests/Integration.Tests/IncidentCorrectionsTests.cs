using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class IncidentCorrectionsTests(StatusPageFixture fixture)
{
    private sealed record UpdateAnswer(Guid Id, string Status, string Message);
    private sealed record IncidentAnswer(long Version, IReadOnlyList<UpdateAnswer> Updates);
    private sealed record V2Update([property: JsonPropertyName("id")] Guid Id, [property: JsonPropertyName("body")] string Body);
    private sealed record V2Incident([property: JsonPropertyName("incident_updates")] IReadOnlyList<V2Update> Updates);
    private sealed record V2Incidents([property: JsonPropertyName("incidents")] IReadOnlyList<V2Incident> Incidents);

    private static async Task<IncidentAnswer> Read(TestOrganization org, Guid incident) =>
        (await org.Owner.GetFromJsonAsync<IncidentAnswer>(org.Api($"/incidents/{incident}"), HttpJson.Options))!;

    private static async Task<(Guid Incident, UpdateAnswer Update)> Declared(TestOrganization org)
    {
        var incident = await org.Declare(await org.AddComponent());
        return (incident, (await Read(org, incident)).Updates.Single());
    }

    [Fact]
    public async Task A_corrected_update_reads_corrected_in_the_api_on_the_page_and_in_v2()
    {
        var org = await fixture.NewOrganization();
        var (incident, update) = await Declared(org);

        var answer = await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}/updates/{update.Id}"), new { message = "We are looking into the database." });
        Assert.Equal(200, (int)answer.StatusCode);
        Assert.Equal("\"2\"", answer.Headers.ETag!.Tag);

        var read = await Read(org, incident);
        Assert.Equal(update with { Message = "We are looking into the database." }, Assert.Single(read.Updates));
        var reader = fixture.Client();
        await Eventually.True(async () => (await reader.GetStringAsync($"/{org.Slug}")).Contains("We are looking into the database."),
            "the public page shows the corrected update");
        var v2 = await reader.GetFromJsonAsync<V2Incidents>($"/{org.Slug}/api/v2/incidents.json");
        Assert.Equal(new V2Update(update.Id, "We are looking into the database."), Assert.Single(Assert.Single(v2!.Incidents).Updates));
    }

    [Fact]
    public async Task An_update_the_incident_does_not_have_is_not_found()
    {
        var org = await fixture.NewOrganization();
        var (incident, _) = await Declared(org);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}/updates/{Guid.NewGuid()}"), new { message = "Words." })).AssertProblem(404);

        var other = await fixture.NewOrganization();
        var (_, foreign) = await Declared(other);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}/updates/{foreign.Id}"), new { message = "Words." })).AssertProblem(404);
    }

    [Fact]
    public async Task A_correction_to_nothing_names_its_field_and_changes_nothing()
    {
        var org = await fixture.NewOrganization();
        var (incident, update) = await Declared(org);
        var problem = await (await org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{incident}/updates/{update.Id}"), new { message = " " })).AssertProblem(400);
        Assert.NotNull(problem["errors"]!["message"]);
        Assert.Equal(update, Assert.Single((await Read(org, incident)).Updates));
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_a_viewer_may_not_correct()
    {
        var org = await fixture.NewOrganization();
        var (incident, update) = await Declared(org);
        var path = org.Api($"/incidents/{incident}/updates/{update.Id}");
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(path, new { message = "First.", expectedVersion = 1 })).StatusCode);

        var stale = new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(new { message = "Second." }) };
        stale.Headers.IfMatch.ParseAdd("\"1\"");
        await (await org.Owner.SendAsync(stale)).AssertProblem(409);

        var viewer = fixture.Client(await org.Key("viewer"));
        Assert.Equal(403, (int)(await viewer.PatchAsJsonAsync(path, new { message = "Third." })).StatusCode);
        Assert.Equal("First.", Assert.Single((await Read(org, incident)).Updates).Message);
    }
}
