using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Host.PublicPages;

namespace StatusPage.Integration.Tests;

/// <summary>Statuspage's public v2 JSON: every field of every document, for a page with groups, incidents and maintenance.</summary>
[Collection(StatusPageCollection.Name)]
public sealed partial class PublicApiTests(StatusPageFixture fixture)
{
    private static readonly string[] ComponentStatuses = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"];
    private static readonly string[] IncidentStatuses = ["investigating", "identified", "monitoring", "resolved", "postmortem"];
    private static readonly string[] Impacts = ["none", "minor", "major", "critical"];
    private static readonly string[] MaintenanceStatuses = ["scheduled", "in_progress", "verifying", "completed"];

    /// <summary>A group of two components and one ungrouped, an open and a resolved incident, an upcoming and an active window.</summary>
    private async Task<(TestOrganization Org, Guid Group, Guid Api, Guid Db, Guid Web, Guid Open, Guid Resolved, Guid Upcoming, Guid Active)> Page()
    {
        var org = await fixture.NewOrganization("Acme");
        var group = await org.AddGroup("Platform");
        var api = await org.AddComponent("API", group);
        var db = await org.AddComponent("Database", group);
        var web = await org.AddComponent("Website");
        var resolved = await org.Declare(web, "degraded_performance");
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{resolved}/updates"), new
        {
            status = "resolved", message = "Fixed.", components = new Dictionary<Guid, string> { [web] = "operational" }
        });
        var open = await org.Declare(api, "partial_outage");
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{open}/updates"), new { status = "identified", message = "Found it." });
        var from = fixture.Clock.GetUtcNow().AddDays(1);
        var upcoming = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, web);
        var active = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, db);
        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(active, "in_progress")).StatusCode);
        await fixture.Settled();
        return (org, group, api, db, web, open, resolved, upcoming, active);
    }

    [Fact]
    public async Task Every_v2_document_has_every_field_in_statuspage_shape()
    {
        var (org, _, _, _, _, _, _, _, _) = await Page();

        var summary = await V2Wire(org, "summary.json");
        AssertPage(summary["page"]!);
        AssertFields(summary["status"]!, "indicator", "description");
        foreach (var component in summary["components"]!.AsArray()) AssertComponent(component!, org);
        Assert.False(summary["components"]![3]!.AsObject().ContainsKey("components"));
        foreach (var incident in summary["incidents"]!.AsArray()) AssertIncident(incident!, org, maintenance: false);

        var status = await V2Wire(org, "status.json");
        Assert.Equal(["page", "status"], status.AsObject().Select(p => p.Key));
        AssertFields(status["status"]!, "indicator", "description");
        var listed = await V2Wire(org, "components.json");
        Assert.Equal(["page", "components"], listed.AsObject().Select(p => p.Key));
        Assert.Equal(summary["components"]!.ToJsonString(), listed["components"]!.ToJsonString());

        foreach (var incident in (await V2Wire(org, "incidents.json"))["incidents"]!.AsArray()) AssertIncident(incident!, org, maintenance: false);
        foreach (var window in (await V2Wire(org, "scheduled-maintenances.json"))["scheduled_maintenances"]!.AsArray())
            AssertIncident(window!, org, maintenance: true);
    }

    [Fact]
    public async Task The_summary_names_the_page_its_worst_status_groups_before_their_components_the_open_incident_and_every_window()
    {
        var (org, group, api, db, web, open, _, upcoming, active) = await Page();

        var summary = await V2(org, "summary.json");
        Assert.Equal((org.Id.ToString(), "Acme", "Europe/Berlin"), (summary.Page!.Id, summary.Page.Name, summary.Page.TimeZone));
        Assert.Equal(new V2Status("major", "Partial System Outage"), summary.Status);
        Assert.Equal(new V2Status("major", "Partial System Outage"), (await V2(org, "status.json")).Status);
        var components = summary.Components!;
        Assert.Equal([group, api, db, web], components.Select(c => c.Id));
        Assert.True(components[0].Group);
        Assert.Equal([api, db], components[0].Components!);
        Assert.Equal("partial_outage", components[0].Status);
        Assert.Equal(group, components[1].GroupId);
        Assert.Null(components[3].GroupId);

        var unresolved = Assert.Single(summary.Incidents!);
        Assert.Equal(open, unresolved.Id);
        Assert.Equal(["identified", "investigating"], unresolved.IncidentUpdates.Select(u => u.Status));
        Assert.Null(unresolved.IncidentUpdates[0].AffectedComponents);
        Assert.Equal(new V2AffectedComponent(api.ToString(), "API", "operational", "partial_outage"),
            Assert.Single(unresolved.IncidentUpdates[1].AffectedComponents!));
        Assert.Equal([api], unresolved.Components.Select(c => c.Id));
        Assert.Equal(new[] { upcoming, active }.Order(), summary.ScheduledMaintenances!.Select(m => m.Id).Order());
    }

    [Fact]
    public async Task The_incidents_documents_list_every_incident_newest_first_or_only_the_unresolved()
    {
        var (org, _, _, _, _, open, resolved, _, _) = await Page();

        var all = (await V2(org, "incidents.json")).Incidents!;
        Assert.Equal([open, resolved], all.Select(i => i.Id));
        Assert.Equal("resolved", all[1].Status);
        Assert.NotNull(all[1].ResolvedAt);
        Assert.Equal([open], (await V2(org, "incidents/unresolved.json")).Incidents!.Select(i => i.Id));
    }

    [Fact]
    public async Task The_maintenance_documents_list_every_open_window_or_only_the_upcoming_or_the_active_ones()
    {
        var (org, _, _, db, _, _, _, upcoming, active) = await Page();

        var windows = (await V2(org, "scheduled-maintenances.json")).ScheduledMaintenances!;
        Assert.Equal(new[] { upcoming, active }.Order(), windows.Select(m => m.Id).Order());
        var soon = Assert.Single((await V2(org, "scheduled-maintenances/upcoming.json")).ScheduledMaintenances!);
        Assert.Equal((upcoming, "scheduled"), (soon.Id, soon.Status));
        var now = Assert.Single((await V2(org, "scheduled-maintenances/active.json")).ScheduledMaintenances!);
        Assert.Equal((active, "in_progress", "maintenance"), (now.Id, now.Status, now.Impact));
        Assert.Equal([db], now.Components.Select(c => c.Id));
        Assert.Equal(["in_progress", "scheduled"], now.IncidentUpdates.Select(u => u.Status));
    }

    [Fact]
    public async Task Documents_are_remembered_with_an_etag_compressed_once_and_never_stale_after_a_change()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        await fixture.Settled();
        var client = fixture.Client();
        var path = $"/{org.Slug}/api/v2/summary.json";

        var first = await client.GetAsync(path);
        var second = await client.GetAsync(path + "?cache-buster=" + Guid.NewGuid());
        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal("*", first.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("public, max-age=5, stale-while-revalidate=30", first.Headers.CacheControl!.ToString());
        Assert.Contains("Accept-Encoding", first.Headers.Vary);
        Assert.Equal("application/json", first.Content.Headers.ContentType!.MediaType);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal(etag, second.Headers.ETag);
        var json = await first.Content.ReadAsStringAsync();
        Assert.Equal(json, await second.Content.ReadAsStringAsync());

        // Served from memory: many readers at once, nothing rendered again.
        var documents = fixture.Host.Services.GetRequiredService<PublicDocuments>();
        var renders = documents.Renders;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => client.GetAsync(path + "?n=" + Guid.NewGuid())));
        Assert.Equal(renders, documents.Renders);

        var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(revalidate);
        Assert.Equal(304, (int)notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        Assert.Equal(json, await Decoded(client, path, "gzip", b => new GZipStream(b, CompressionMode.Decompress)));
        Assert.Equal(json, await Decoded(client, path, "br", b => new BrotliStream(b, CompressionMode.Decompress)));
        Assert.Equal(json, await Decoded(client, path, "gzip;q=1, br;q=0", b => new GZipStream(b, CompressionMode.Decompress)));

        // Readers keep asking while the change goes through the page view and Redis: whatever they get meanwhile,
        // once both are through, every answer shows the change.
        foreach (var status in new[] { "major_outage", "degraded_performance", "operational" })
        {
            await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status });
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetAsync(path)));
            await fixture.Settled();
            await Eventually.True(async () => (await V2(org, "components.json")).Components![0].Status == status
                                         && (await V2(org, "summary.json")).Components![0].Status == status,
                $"the documents show {status}");
            Assert.NotEqual(etag, (await client.GetAsync(path)).Headers.ETag);
        }
    }

    [Fact]
    public async Task Unknown_pages_are_404_problems_with_cors()
    {
        var response = await fixture.Client().GetAsync("/no-such-page-" + Guid.NewGuid().ToString("N")[..8] + "/api/v2/summary.json");
        await response.AssertProblem(404);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        await (await fixture.Client().GetAsync("/api/v2/summary.json")).AssertProblem(404);
    }

    internal static async Task<V2Document> V2(TestOrganization org, string document, string? host = null) =>
        await (await V2Response(org, document, host)).Answer<V2Document>();

    /// <summary>The document as it is on the wire, for its exact field names and formats.</summary>
    private static async Task<JsonNode> V2Wire(TestOrganization org, string document) => await (await V2Response(org, document, null)).Json();

    private static async Task<HttpResponseMessage> V2Response(TestOrganization org, string document, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, host is null ? $"/{org.Slug}/api/v2/{document}" : $"/api/v2/{document}");
        if (host is not null) request.Headers.Host = host;
        var response = await org.Fixture.Client().SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{document}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static async Task<string> Decoded(HttpClient client, string path, string acceptEncoding, Func<Stream, Stream> decoder)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await client.SendAsync(request);
        Assert.Equal(acceptEncoding.Split(',', ';')[0], response.Content.Headers.ContentEncoding.Single());
        await using var body = decoder(await response.Content.ReadAsStreamAsync());
        return await new StreamReader(body).ReadToEndAsync();
    }

    private static void AssertPage(JsonNode page)
    {
        AssertFields(page, "id", "name", "url", "time_zone", "updated_at");
        AssertTime(page["updated_at"]);
    }

    private static void AssertComponent(JsonNode component, TestOrganization org)
    {
        AssertFields(component, "id", "name", "status", "created_at", "updated_at", "position", "description", "showcase", "start_date",
            "group_id", "page_id", "group", "only_show_if_degraded");
        Assert.Contains(component["status"]!.GetValue<string>(), ComponentStatuses);
        AssertTime(component["created_at"]);
        AssertTime(component["updated_at"]);
        _ = component["position"]!.GetValue<int>();
        _ = component["showcase"]!.GetValue<bool>();
        _ = component["only_show_if_degraded"]!.GetValue<bool>();
        Assert.Equal(org.Id.ToString(), component["page_id"]!.GetValue<string>());
    }

    private static void AssertIncident(JsonNode incident, TestOrganization org, bool maintenance)
    {
        AssertFields(incident, "id", "name", "status", "impact", "created_at", "updated_at", "started_at", "monitoring_at", "resolved_at",
            "shortlink", "page_id", "incident_updates", "components");
        if (maintenance)
        {
            AssertFields(incident, "scheduled_for", "scheduled_until");
            AssertTime(incident["scheduled_for"]);
            AssertTime(incident["scheduled_until"]);
            Assert.Contains(incident["status"]!.GetValue<string>(), MaintenanceStatuses);
            Assert.Equal("maintenance", incident["impact"]!.GetValue<string>());
        }
        else
        {
            Assert.Contains(incident["status"]!.GetValue<string>(), IncidentStatuses);
            Assert.Contains(incident["impact"]!.GetValue<string>(), Impacts);
        }

        AssertTime(incident["created_at"]);
        AssertTime(incident["updated_at"]);
        foreach (var time in new[] { "started_at", "monitoring_at", "resolved_at" })
            if (incident[time] is { } at) AssertTime(at);
        Assert.Equal(org.Id.ToString(), incident["page_id"]!.GetValue<string>());
        foreach (var component in incident["components"]!.AsArray()) AssertComponent(component!, org);
        var updates = incident["incident_updates"]!.AsArray();
        Assert.NotEmpty(updates);
        Assert.Equal(updates.Select(u => u!["created_at"]!.GetValue<DateTimeOffset>()).OrderDescending(),
            updates.Select(u => u!["created_at"]!.GetValue<DateTimeOffset>()));
        foreach (var update in updates)
        {
            AssertFields(update!, "id", "status", "body", "incident_id", "created_at", "updated_at", "display_at", "affected_components",
                "deliver_notifications");
            Assert.Contains(update!["status"]!.GetValue<string>(), maintenance ? MaintenanceStatuses : IncidentStatuses);
            Assert.Equal(incident["id"]!.GetValue<string>(), update["incident_id"]!.GetValue<string>());
            _ = update["body"]!.GetValue<string>();
            _ = update["deliver_notifications"]!.GetValue<bool>();
            foreach (var time in new[] { "created_at", "updated_at", "display_at" }) AssertTime(update[time]);
            foreach (var affected in update["affected_components"]?.AsArray() ?? [])
            {
                AssertFields(affected!, "code", "name", "old_status", "new_status");
                Assert.Contains(affected!["old_status"]!.GetValue<string>(), ComponentStatuses);
                Assert.Contains(affected["new_status"]!.GetValue<string>(), ComponentStatuses);
            }
        }
    }

    private static void AssertFields(JsonNode node, params string[] fields)
    {
        var present = node.AsObject().Select(p => p.Key).ToHashSet();
        foreach (var field in fields) Assert.True(present.Contains(field), $"'{field}' is missing from {node.ToJsonString()}");
    }

    private static void AssertTime(JsonNode? node) =>
        Assert.Matches(IsoTime(), node?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException("A time is null."));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoTime();
}
