using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

/// <summary>Each class of bad input, for each endpoint family: a 4xx ProblemDetails, and nothing stored changes.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class BadInputTests(StatusPageFixture fixture)
{
    public static TheoryData<string, string, string> BadBodies => new()
    {
        // family, malformed JSON, then a body with a field of the wrong type
        { "components", "{\"name\": ", "{\"name\": 42}" },
        { "groups", "[1,2", "{\"name\": {\"nested\": true}}" },
        { "incidents", "not json at all", "{\"name\": \"X\", \"impact\": \"major\", \"status\": \"investigating\", \"message\": \"m\", \"components\": [1]}" },
        { "api-keys", "{", "{\"name\": \"k\", \"role\": 1}" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_json_and_wrong_types_are_400(string family, string malformed, string wrongType)
    {
        var org = await fixture.NewOrganization();
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/{family}"), malformed)).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/{family}"), wrongType)).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/{family}"), "")).AssertProblem(400);
    }

    [Fact]
    public async Task A_body_that_is_just_null_is_400_for_every_kind_of_command()
    {
        var org = await fixture.NewOrganization();
        var component = await org.AddComponent("API");
        foreach (var (method, path) in new (HttpMethod, string)[]
                 {
                     (HttpMethod.Post, org.Api("/components")), (HttpMethod.Patch, org.Api($"/components/{component}")),
                     (HttpMethod.Patch, org.Api()), (HttpMethod.Post, org.Api("/webhooks")), (HttpMethod.Post, org.Api($"/components/{component}/monitors")),
                     (HttpMethod.Post, org.Api("/invitations")), (HttpMethod.Post, "/api/setup"), (HttpMethod.Post, "/api/invitations/accept")
                 })
        {
            await (await org.Owner.SendRaw(method, path, "null")).AssertProblem(400);
            await (await org.Owner.SendRaw(method, path, " null\n")).AssertProblem(400);
        }

        Assert.Equal("API", (await org.Get($"/components/{component}"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Text_with_a_nul_character_is_400_wherever_it_comes_and_stores_nothing()
    {
        var org = await fixture.NewOrganization();
        var component = await org.AddComponent("API");
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/components"), "{\"name\": \"A\\u0000B\"}")).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Patch, org.Api($"/components/{component}"), "{\"description\": \"x\\u0000\"}")).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api("/subscribers?search=%00"))).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/webhooks"),
            "{\"url\": \"https://example.com/hook\", \"description\": \"a\\u0000b\"}")).AssertProblem(400);

        var components = (await org.Get("/components")).AsArray();
        Assert.Equal(["API"], components.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Null(components[0]!["description"]?.GetValue<string>());
    }

    [Fact]
    public async Task Writes_to_existing_streams_refuse_malformed_bodies_and_keep_what_is_stored()
    {
        var org = await fixture.NewOrganization();
        var group = await org.AddGroup();
        var component = await org.AddComponent("API", group);
        var incident = await org.Declare(component);
        var before = (await org.Get($"/incidents/{incident}")).ToJsonString() + (await org.Get($"/components/{component}")).ToJsonString();

        var targets = new (HttpMethod, string)[]
        {
            (HttpMethod.Patch, $"/components/{component}"), (HttpMethod.Patch, $"/groups/{group}"),
            (HttpMethod.Patch, $"/incidents/{incident}"), (HttpMethod.Post, $"/incidents/{incident}/updates"),
            (HttpMethod.Post, $"/incidents/{incident}/postmortem")
        };
        foreach (var (method, path) in targets)
        {
            await (await org.Owner.SendRaw(method, org.Api(path), "{\"name\":")).AssertProblem(400);
            await (await org.Owner.SendRaw(method, org.Api(path), "{\"expectedVersion\": \"seven\"}")).AssertProblem(400);
        }

        await (await org.Owner.SendRaw(HttpMethod.Patch, org.Api($"/incidents/{incident}"), "{\"impact\": \"apocalyptic\"}")).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/incidents/{incident}/updates"), "{\"status\": \"postmortem\", \"message\": \"x\"}")).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/incidents/{incident}/updates"), "{\"status\": \"identified\"}")).AssertProblem(400);
        var ifMatch = new HttpRequestMessage(HttpMethod.Patch, org.Api($"/components/{component}")) { Content = JsonContent.Create(new { name = "X" }) };
        ifMatch.Headers.TryAddWithoutValidation("If-Match", "\"not-a-version\"");
        await (await org.Owner.SendAsync(ifMatch)).AssertProblem(400);

        Assert.Equal(before, (await org.Get($"/incidents/{incident}")).ToJsonString() + (await org.Get($"/components/{component}")).ToJsonString());
    }

    [Fact]
    public async Task Missing_required_fields_empty_and_overlong_names_are_400()
    {
        var org = await fixture.NewOrganization();
        var component = await org.AddComponent();
        var longName = new string('x', 256);
        var bodies = new (string Path, object Body)[]
        {
            ("/components", new { description = "no name" }),
            ("/components", new { name = "" }),
            ("/components", new { name = "   " }),
            ("/components", new { name = longName }),
            ("/components", new { name = "ok", position = -1 }),
            ("/groups", new { name = longName }),
            ("/groups", new { }),
            ("/incidents", new { impact = "minor", status = "investigating", message = "no name" }),
            ("/incidents", new { name = "No message", impact = "minor", status = "investigating" }),
            ("/incidents", new { name = longName, impact = "minor", status = "investigating", message = "m" }),
            ("/incidents", new { name = "Bad impact", impact = "apocalyptic", status = "investigating", message = "m" }),
            ("/incidents", new { name = "Bad status", impact = "minor", status = "panicking", message = "m" }),
            ("/incidents", new { name = "Bad component status", impact = "minor", status = "investigating", message = "m",
                components = new Dictionary<Guid, string> { [component] = "sort_of_ok" } }),
            ("/api-keys", new { name = longName, role = "viewer" }),
        };
        foreach (var (path, body) in bodies) await (await org.Owner.PostAsJsonAsync(org.Api(path), body)).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{component}"), new { name = "" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{component}"), new { name = longName })).AssertProblem(400);

        Assert.Single((await org.Get("/components")).AsArray());
        Assert.Empty((await org.Get("/groups")).AsArray());
        Assert.Empty((await org.Incidents()).Incidents);
        Assert.Equal(1, (await org.Get($"/components/{component}"))["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_refusal_of_one_field_is_a_validation_problem_naming_that_field()
    {
        var org = await fixture.NewOrganization();
        var component = await org.AddComponent();
        var refusals = new (HttpMethod Method, string Path, object Body, string Field)[]
        {
            (HttpMethod.Post, "/components", new { name = "" }, "name"),
            (HttpMethod.Post, "/components", new { name = "ok", position = -1 }, "position"),
            (HttpMethod.Post, "/incidents", new { name = "No message", impact = "minor", status = "investigating" }, "message"),
            (HttpMethod.Post, "/incidents", new { name = "Elsewhere", impact = "minor", status = "investigating", message = "m",
                components = new Dictionary<Guid, string> { [Guid.NewGuid()] = "major_outage" } }, "components"),
            (HttpMethod.Post, "/webhooks", new { url = "ftp://example.com" }, "url"),
            (HttpMethod.Post, $"/components/{component}/monitors", new { type = "http", url = "https://example.com", intervalSeconds = 1 }, "intervalSeconds"),
            (HttpMethod.Patch, $"/components/{component}", new { name = new string('x', 256) }, "name"),
        };
        foreach (var (method, path, body, field) in refusals)
        {
            var problem = await (await org.Owner.SendAsync(new HttpRequestMessage(method, org.Api(path)) { Content = JsonContent.Create(body) })).AssertProblem(400);
            var errors = problem["errors"]!.AsObject();
            Assert.Equal([field], errors.Select(e => e.Key));
            Assert.Equal(problem["detail"]!.GetValue<string>(), errors[field]![0]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Pages_that_read_a_form_answer_anything_else_with_415()
    {
        var org = await fixture.NewOrganization();
        foreach (var path in new[] { $"/{org.Slug}/subscribe", "/unsubscribe/some-token/components", "/dashboard/sign-in" })
        {
            await (await fixture.Client().SendRaw(HttpMethod.Post, path, "{\"email\": \"reader@example.com\"}")).AssertProblem(415);
            await (await fixture.Client().PostAsync(path, null)).AssertProblem(415);
        }

        // The operators' preview is for signed-in operators only, but a body that is no form is refused before that.
        await (await fixture.Client().SendRaw(HttpMethod.Post, "/dashboard/preview", "{\"markdown\": \"x\"}")).AssertProblem(415);
    }

    [Fact]
    public async Task Bodies_over_one_megabyte_are_413()
    {
        var org = await fixture.NewOrganization();
        var huge = System.Text.Json.JsonSerializer.Serialize(
            new { name = "Big", impact = "minor", status = "investigating", message = new string('m', 1_100_000) });
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/incidents"), huge)).AssertProblem(413);
        Assert.Empty((await org.Incidents()).Incidents);
    }

    [Fact]
    public async Task Unknown_ids_and_malformed_ids_are_404()
    {
        var org = await fixture.NewOrganization();
        var unknown = Guid.NewGuid();
        await (await org.Owner.GetAsync(org.Api($"/components/{unknown}"))).AssertProblem(404);
        await (await org.Owner.GetAsync(org.Api($"/components/{unknown}/events"))).AssertProblem(404);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{unknown}"), new { name = "x" })).AssertProblem(404);
        await (await org.Owner.DeleteAsync(org.Api($"/groups/{unknown}"))).AssertProblem(404);
        await (await org.Owner.GetAsync(org.Api($"/incidents/{unknown}"))).AssertProblem(404);
        await (await org.Owner.GetAsync(org.Api($"/incidents/{unknown}/events"))).AssertProblem(404);
        await (await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{unknown}/updates"), new { status = "resolved", message = "x" })).AssertProblem(404);
        await (await org.Owner.DeleteAsync(org.Api($"/api-keys/{unknown}"))).AssertProblem(404);
        Assert.Equal(404, (int)(await org.Owner.GetAsync(org.Api("/components/not-a-guid"))).StatusCode);
        await (await org.Owner.GetAsync("/api/orgs/no-such-org/components")).AssertProblem(404);
        var component = await org.AddComponent();
        await (await org.Owner.GetAsync(org.Api($"/incidents/{component}/events"))).AssertProblem(404);
    }
}
