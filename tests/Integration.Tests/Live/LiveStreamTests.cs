using System.Net.Http.Json;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Components;
using StatusPage.Domain.Pages;
using StatusPage.Projections.Pages;

namespace StatusPage.Integration.Tests.Live;

/// <summary>Commands against a Host process on Kestrel, read back by clients of its real SSE streams.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class LiveStreamTests(StatusPageFixture fixture, LiveNode node) : IClassFixture<LiveNode>
{
    [Fact]
    public async Task Every_kind_of_change_reaches_the_operator_stream_as_its_read_model()
    {
        var org = await node.Host.NewOrganization(fixture);
        await using var stream = await SseClient.Connect(org.Owner, org.Api("/stream"));
        var connected = await stream.Next();
        Assert.Equal("connected", connected.Event);
        Assert.Null(connected.Id);

        var group = await org.AddGroup("Platform");
        var groupAdded = await stream.Until(m => m.Event == "service:group");
        Assert.Equal(("service:group", group.ToString()), (groupAdded.Event, groupAdded.Json["id"]!.GetValue<string>()));

        var api = await org.AddComponent("API", group);
        var added = await stream.Next();
        Assert.Equal("service:status", added.Event);
        Assert.Equal(("API", "operational"), (added.Json["name"]!.GetValue<string>(), added.Json["status"]!.GetValue<string>()));

        var incident = await org.Declare(api);
        var messages = new[] { await stream.Next(), await stream.Next() };
        var created = Assert.Single(messages, m => m.Event == "incident:created");
        Assert.Equal(incident.ToString(), created.Json["id"]!.GetValue<string>());
        Assert.Equal("We are looking into it.", created.Json["updates"]![0]!["message"]!.GetValue<string>());
        Assert.Equal("major_outage", Assert.Single(messages, m => m.Event == "service:status").Json["status"]!.GetValue<string>());

        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "monitoring", message = "Fix deployed." });
        var updated = await stream.Next();
        Assert.Equal(("incident:updated", "monitoring"), (updated.Event, updated.Json["status"]!.GetValue<string>()));

        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new
        {
            status = "resolved", message = "All good.", components = new Dictionary<Guid, string> { [api] = "operational" }
        });
        var resolution = new[] { await stream.Next(), await stream.Next() };
        Assert.Equal("resolved", Assert.Single(resolution, m => m.Event == "incident:resolved").Json["status"]!.GetValue<string>());

        await org.Key("viewer");
        var issued = await stream.Next();
        Assert.Equal(("apikey:issued", "viewer"), (issued.Event, issued.Json["role"]!.GetValue<string>()));

        var ids = new[] { groupAdded, added }.Concat(messages).Append(updated).Concat(resolution).Append(issued).Select(m => m.Sequence).ToList();
        Assert.Equal(ids.Order(), ids.OrderBy(_ => 0));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task The_public_stream_carries_only_public_topics_and_streams_never_cross_organizations()
    {
        var org = await node.Host.NewOrganization(fixture);
        var other = await node.Host.NewOrganization(fixture);
        await using var operators = await SseClient.Connect(org.Owner, org.Api("/stream"));
        await using var readers = await SseClient.Connect(node.Host.Client(), $"/{org.Slug}/stream");
        await operators.Next();
        await readers.Next();

        await other.AddComponent("Someone else's");
        await org.Key("editor");
        var mine = await org.AddComponent("Mine");

        var keyIssued = await operators.Until(m => m.Event == "apikey:issued" && m.Json["role"]!.GetValue<string>() == "editor");
        var componentAdded = await operators.Next();
        Assert.Equal(mine.ToString(), componentAdded.Json["id"]!.GetValue<string>());
        Assert.True(componentAdded.Sequence > keyIssued.Sequence);
        var publicMessage = await readers.Until(m => m.Event == "service:status");
        Assert.Equal(("service:status", mine.ToString()), (publicMessage.Event, publicMessage.Json["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_public_stream_tells_the_overall_status_once_the_page_view_shows_the_change()
    {
        var org = await node.Host.NewOrganization(fixture);
        await using var readers = await SseClient.Connect(node.Host.Client(), $"/{org.Slug}/stream");
        await readers.Next();
        var api = await org.AddComponent();
        await org.AddComponent("Web");
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });

        var notice = await readers.PageStatus(m => m.Json["indicator"]!.GetValue<string>() == "critical");
        Assert.Null(notice.Id);
        Assert.Equal("Major System Outage", notice.Json["description"]!.GetValue<string>());
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var page = await session.LoadAsync<PageView>(org.Id.ToString());
        Assert.Equal((StatusIndicator.Critical, ComponentStatus.MajorOutage), (page!.Indicator, page.Components[api].Status));
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_event_id_gets_exactly_what_it_missed_in_order()
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent();
        string lastSeen;
        await using (var stream = await SseClient.Connect(org.Owner, org.Api("/stream")))
        {
            await stream.Next();
            await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { description = "before the gap" });
            lastSeen = (await stream.Until(m => m.Json["description"]?.GetValue<string>() == "before the gap")).Id!;
        }

        var statuses = new[] { "degraded_performance", "partial_outage", "major_outage", "operational" };
        for (var i = 0; i < 20; i++)
            Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = statuses[i % 4] })).StatusCode);

        await using var resumed = await SseClient.Connect(org.Owner, org.Api("/stream"), lastSeen);
        await resumed.Next();
        var missed = new List<SseMessage>();
        for (var i = 0; i < 20; i++) missed.Add(await resumed.Next());
        Assert.Equal(Enumerable.Range(0, 20).Select(i => statuses[i % 4]), missed.Select(m => m.Json["status"]!.GetValue<string>()));
        Assert.All(missed, m => Assert.True(m.Sequence > long.Parse(lastSeen)));
        Assert.Equal(missed.Select(m => m.Sequence).Order(), missed.Select(m => m.Sequence));

        // Whatever Redis still delivers of those 20 is held back: the next message is the next change.
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { name = "After the gap" });
        var next = await resumed.Next();
        Assert.Equal("After the gap", next.Json["name"]!.GetValue<string>());
        Assert.True(next.Sequence > missed[^1].Sequence);
    }

    [Fact]
    public async Task A_change_still_committing_when_a_client_resumes_reaches_it_before_the_later_changes()
    {
        var org = await node.Host.NewOrganization(fixture);
        string lastSeen;
        Guid slow, fast;
        await using (var stream = await SseClient.Connect(org.Owner, org.Api("/stream")))
        {
            await stream.Next();
            slow = await org.AddComponent("Slow");
            fast = await org.AddComponent("Fast");
            lastSeen = (await stream.Until(m => m.Json["id"]?.GetValue<string>() == fast.ToString())).Id!;
        }

        // A transaction takes its sequence number, then a later command commits while it is still open.
        var store = fixture.Host.Services.GetRequiredService<IDocumentStore>();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var options = SessionOptions.ForTransaction(transaction);
        options.TenantId = org.Id.ToString();
        await using (var session = store.LightweightSession(options))
        {
            session.Events.Append(slow, new ComponentStatusChanged(
                slow, ComponentStatus.Operational, ComponentStatus.MajorOutage, StatusSource.Operator, null, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{fast}"), new { status = "degraded_performance" })).StatusCode);
        await using var resumed = await SseClient.Connect(org.Owner, org.Api("/stream"), lastSeen);
        Assert.Equal("connected", (await resumed.Next()).Event);
        Assert.StartsWith("replayed 0 missed updates", (await resumed.Any()).Comment);
        await transaction.CommitAsync();

        var first = await resumed.Next();
        var second = await resumed.Next();
        Assert.Equal((slow.ToString(), "major_outage"), (first.Json["id"]!.GetValue<string>(), first.Json["status"]!.GetValue<string>()));
        Assert.Equal((fast.ToString(), "degraded_performance"), (second.Json["id"]!.GetValue<string>(), second.Json["status"]!.GetValue<string>()));
        Assert.True(first.Sequence < second.Sequence);
    }

    [Theory]
    [InlineData("not-a-number", "not an event id")]
    [InlineData("999999999999", "ahead of the event store")]
    public async Task A_malformed_or_future_last_event_id_starts_from_now_with_a_comment(string lastEventId, string said)
    {
        var org = await node.Host.NewOrganization(fixture);
        await using var stream = await SseClient.Connect(org.Owner, org.Api("/stream"), lastEventId);
        Assert.Equal("connected", (await stream.Next()).Event);
        Assert.Contains(said, await stream.NextComment());
        var api = await org.AddComponent();
        Assert.Equal(api.ToString(), (await stream.Until(m => m.Event == "service:status")).Json["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Idle_streams_get_heartbeats_and_a_retry_hint()
    {
        var org = await node.Host.NewOrganization(fixture);
        using var client = org.Owner;
        var response = await client.GetAsync(org.Api("/stream"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);
        Assert.StartsWith("retry: ", await reader.ReadLineAsync());
        await using var stream = await SseClient.Connect(org.Owner, org.Api("/stream"));
        Assert.Equal("heartbeat", await stream.NextComment());
    }

    [Fact]
    public async Task Streams_refuse_the_wrong_callers()
    {
        var org = await node.Host.NewOrganization(fixture);
        var other = await node.Host.NewOrganization(fixture);
        await (await node.Host.Client().GetAsync(org.Api("/stream"))).AssertProblem(401);
        await (await other.Owner.GetAsync(org.Api("/stream"))).AssertProblem(404);
        await (await node.Host.Client().GetAsync("/no-such-page-at-all/stream")).AssertProblem(404);
    }

    [Fact]
    public async Task A_full_node_answers_more_live_clients_503_with_retry_after_while_the_api_still_works()
    {
        await using var full = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string> { ["Live__MaxConnections"] = "1" });
        var org = await full.NewOrganization(fixture);
        await using var first = await SseClient.Connect(org.Owner, org.Api("/stream"));
        Assert.Equal("connected", (await first.Next()).Event);

        var refused = await full.Client().GetAsync($"/{org.Slug}/stream", HttpCompletionOption.ResponseHeadersRead);
        await refused.AssertProblem(503);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(201, (int)(await org.Owner.PostAsJsonAsync(org.Api("/components"), new { name = "Still writable" })).StatusCode);
    }
}
