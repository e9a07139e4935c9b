using System.Net.Http.Json;
using StatusPage.Application.Access;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class OrganizationsAndKeysTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_organization_is_created_with_an_owner_key_that_reads_it_by_id_and_by_slug()
    {
        var org = await fixture.NewOrganization("Acme");

        var byId = await org.Read();
        Assert.Equal("Acme", byId.Name);
        Assert.Equal("Europe/Berlin", byId.TimeZone);
        var bySlug = await org.Owner.GetAsync($"/api/orgs/{org.Slug}");
        Assert.Equal(org.Id, (await bySlug.Answer<OrganizationAnswer>()).Id);
    }

    [Fact]
    public async Task Only_the_instance_admin_creates_organizations()
    {
        var body = new { name = "Nope", slug = "nope-" + Guid.NewGuid().ToString("N")[..8] };
        await (await fixture.Client().PostAsJsonAsync("/api/orgs", body)).AssertProblem(401);
        await (await fixture.Client("sp_not-the-admin-token-at-all-000000").PostAsJsonAsync("/api/orgs", body)).AssertProblem(401);
        var org = await fixture.NewOrganization();
        await (await org.Owner.PostAsJsonAsync("/api/orgs", body)).AssertProblem(403);
    }

    [Fact]
    public async Task Slugs_are_validated_and_unique()
    {
        var admin = fixture.Client(StatusPageFixture.AdminToken);
        var org = await fixture.NewOrganization();
        await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Dup", slug = org.Slug })).AssertProblem(409);
        await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Bad", slug = "Not A Slug" })).AssertProblem(400);
        await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Reserved", slug = "api" })).AssertProblem(400);
        await (await admin.PostAsJsonAsync("/api/orgs", new { name = "Zone", slug = "zone-" + Guid.NewGuid().ToString("N")[..8], timeZone = "Mars/Olympus" })).AssertProblem(400);
        await (await admin.PostAsJsonAsync("/api/orgs", new { slug = "noname-" + Guid.NewGuid().ToString("N")[..8] })).AssertProblem(400);
    }

    [Fact]
    public void No_slug_can_take_a_path_the_host_answers_itself()
    {
        var words = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.PathSegments.FirstOrDefault()?.Parts)
            .Where(parts => parts is [RoutePatternLiteralPart])
            .Select(parts => ((RoutePatternLiteralPart)parts![0]).Content)
            .Append(StatusPage.Host.Configuration.Observability.MetricsPath.TrimStart('/'))
            .Distinct().ToList();
        Assert.Contains("dashboard", words);
        Assert.All(words, word => Assert.True(StatusPage.Domain.Organizations.OrganizationRules.Slug(word) is not null, $"'{word}' could be a slug"));
    }

    [Fact]
    public async Task Keys_are_listed_without_secrets_with_last_use_and_stop_working_once_revoked()
    {
        var org = await fixture.NewOrganization();
        var editor = await org.Key("editor");
        Assert.StartsWith("sp_", editor);
        Assert.Equal(200, (int)(await fixture.Client(editor).GetAsync(org.Api("/components"))).StatusCode);
        await fixture.Host.Services.GetRequiredService<ApiKeyUsage>().FlushAsync();

        var keys = await org.ApiKeys();
        Assert.Equal(2, keys.Count);
        var listed = keys.Single(k => k.Role == "editor");
        Assert.Equal(editor[..10], listed.Prefix);
        Assert.NotNull(listed.LastUsedAt);
        var wire = (await org.Get("/api-keys")).ToJsonString();
        Assert.DoesNotContain(editor, wire);
        Assert.DoesNotContain("secretHash", wire, StringComparison.OrdinalIgnoreCase);

        var revoke = await org.Owner.DeleteAsync(org.Api($"/api-keys/{listed.Id}"));
        Assert.Equal(204, (int)revoke.StatusCode);
        var problem = await (await fixture.Client(editor).GetAsync(org.Api("/components"))).AssertProblem(401);
        Assert.Contains("revoked", problem["detail"]!.GetValue<string>());
        await (await org.Owner.DeleteAsync(org.Api($"/api-keys/{listed.Id}"))).AssertProblem(404);
    }

    [Fact]
    public async Task The_last_owner_key_cannot_be_revoked()
    {
        var org = await fixture.NewOrganization();
        var ownerKeyId = Assert.Single(await org.ApiKeys()).Id;
        await (await org.Owner.DeleteAsync(org.Api($"/api-keys/{ownerKeyId}"))).AssertProblem(409);
        Assert.Equal(200, (int)(await org.Owner.GetAsync(org.Api())).StatusCode);
    }

    [Fact]
    public async Task Roles_limit_what_a_key_may_do()
    {
        var org = await fixture.NewOrganization();
        var viewer = fixture.Client(await org.Key("viewer"));
        var editor = fixture.Client(await org.Key("editor"));
        var componentId = await org.AddComponent();

        Assert.Equal(200, (int)(await viewer.GetAsync(org.Api("/components"))).StatusCode);
        Assert.Equal(200, (int)(await viewer.GetAsync(org.Api($"/components/{componentId}/events"))).StatusCode);
        await (await viewer.PostAsJsonAsync(org.Api("/components"), new { name = "X" })).AssertProblem(403);
        await (await viewer.PatchAsJsonAsync(org.Api($"/components/{componentId}"), new { status = "major_outage" })).AssertProblem(403);

        Assert.Equal(201, (int)(await editor.PostAsJsonAsync(org.Api("/components"), new { name = "Y" })).StatusCode);
        await (await editor.PostAsJsonAsync(org.Api("/api-keys"), new { name = "k", role = "owner" })).AssertProblem(403);
        await (await editor.GetAsync(org.Api("/api-keys"))).AssertProblem(403);
    }

    [Fact]
    public async Task Malformed_and_unknown_keys_are_refused()
    {
        var org = await fixture.NewOrganization();
        await (await fixture.Client("garbage").GetAsync(org.Api("/components"))).AssertProblem(401);
        await (await fixture.Client("sp_" + new string('a', 43)).GetAsync(org.Api("/components"))).AssertProblem(401);
        var basic = fixture.Client();
        basic.DefaultRequestHeaders.Add("Authorization", "Basic dXNlcjpwYXNz");
        await (await basic.GetAsync(org.Api("/components"))).AssertProblem(401);
        await (await org.Owner.PostAsJsonAsync(org.Api("/api-keys"), new { name = "k", role = "superuser" })).AssertProblem(400);
        await (await org.Owner.PostAsJsonAsync(org.Api("/api-keys"), new { role = "viewer" })).AssertProblem(400);
    }
}
