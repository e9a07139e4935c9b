using System.Text.Json.Nodes;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class ApiDescriptionTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task The_openapi_document_describes_every_api_route_with_its_bearer_key_and_the_reference_page_is_served()
    {
        var document = JsonNode.Parse(await fixture.Client().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToHashSet();
        string[] expected =
        [
            "/api/orgs", "/api/orgs/{org}", "/api/orgs/{org}/api-keys", "/api/orgs/{org}/api-keys/{id}",
            "/api/orgs/{org}/groups", "/api/orgs/{org}/groups/{id}", "/api/orgs/{org}/components",
            "/api/orgs/{org}/components/{id}", "/api/orgs/{org}/components/{id}/events", "/api/orgs/{org}/incidents",
            "/api/orgs/{org}/incidents/{id}", "/api/orgs/{org}/incidents/{id}/updates",
            "/api/orgs/{org}/incidents/{id}/postmortem", "/api/orgs/{org}/incidents/{id}/events",
            "/api/orgs/{org}/maintenances", "/api/orgs/{org}/maintenances/{id}", "/api/orgs/{org}/maintenances/{id}/updates",
            "/api/orgs/{org}/maintenances/{id}/cancel", "/api/orgs/{org}/maintenances/{id}/events"
        ];
        Assert.Empty(expected.Except(paths));
        Assert.DoesNotContain(paths, p => p.StartsWith("/dashboard"));
        Assert.StartsWith("3.", document["openapi"]!.GetValue<string>());

        // Client generators and the reference page send the key only if the document declares it.
        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.Contains(document["security"]!.AsArray(), requirement => requirement!.AsObject().ContainsKey("ApiKey"));

        var reference = await fixture.Client().GetAsync("/api/reference/");
        Assert.Equal(200, (int)reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
    }
}
