using System.Net.Http.Json;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Webhooks;

/// <summary>
/// Webhook deliveries on real host processes sharing a database of their own (so the in-memory test host, whose clock
/// other tests move, takes no part): each message goes out once however many nodes run, and a retry planned before
/// every node died goes out from the next node to start.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class WebhookClusterTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task On_two_nodes_each_message_is_delivered_once_and_a_retry_planned_before_both_died_is_sent_by_the_next_node()
    {
        await using var database = await ScratchDatabase.Create();
        await using var receiver = await WebhookReceiver.Start();
        var settings = new Dictionary<string, string> { ["DATABASE_URL"] = database.ConnectionString, ["OUTBOUND_ALLOW_CIDRS"] = "127.0.0.0/8" };
        var nodes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => HostProcess.Start(LiveNode.SharedRedis, settings)));
        await using var a = nodes[0];
        await using var b = nodes[1];

        var onA = await a.NewOrganization(fixture);
        var api = await onA.AddComponent("API");
        var endpoints = new List<Guid>();
        for (var i = 0; i < 10; i++)
            endpoints.Add((await onA.RegisterWebhook(receiver.Url($"/ok/{i}"), new { eventTypes = new[] { "incident.created", "incident.updated" } })).Id);
        receiver.Answer("/flaky", 500, 200);
        var (flaky, _) = await onA.RegisterWebhook(receiver.Url("/flaky"), new { eventTypes = new[] { "incident.created" } });

        var incident = await onA.Declare(api);
        var onB = onA with { Node = b };
        Assert.Equal(200, (int)(await onB.Owner.PostAsJsonAsync(onB.Api($"/incidents/{incident}/updates"), new { status = "identified", message = "Found it." })).StatusCode);

        for (var i = 0; i < endpoints.Count; i++)
        {
            var received = await receiver.WaitFor($"/ok/{i}", 2, TimeSpan.FromSeconds(60));
            Assert.Equal(2, received.Select(r => r.Id).Distinct().Count());
            var deliveries = (await onB.Get($"/webhooks/{endpoints[i]}/deliveries"))["deliveries"]!.AsArray();
            Assert.Equal(2, deliveries.Count);
            Assert.All(deliveries, d => Assert.True(d!["attempts"]!.AsArray().Count <= 1));
        }

        await receiver.WaitFor("/flaky", 1);
        await onA.WaitForAttempts(flaky, 1);
        Assert.Contains(await database.Planned("%DeliverWebhook"), planned => planned.Status == "Scheduled");
        await a.Crash();
        await b.Crash();
        Assert.All(Enumerable.Range(0, endpoints.Count), i => Assert.Equal(2, receiver.At($"/ok/{i}").Count));

        await using var c = await HostProcess.Start(LiveNode.SharedRedis, settings);
        var retried = await receiver.WaitFor("/flaky", 2, TimeSpan.FromSeconds(90));
        Assert.Equal(retried[0].Id, retried[1].Id);
        var delivery = await (onA with { Node = c }).WaitForAttempts(flaky, 2);
        Assert.Equal("succeeded", delivery.State);
    }
}
