using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StackExchange.Redis;

namespace StatusPage.Integration.Tests.Live;

[Collection(StatusPageCollection.Name)]
public sealed class ClusterTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_command_to_one_node_reaches_clients_of_another_and_each_change_is_published_once()
    {
        await using var a = await HostProcess.Start(LiveNode.SharedRedis);
        await using var b = await HostProcess.Start(LiveNode.SharedRedis);
        var onA = await a.NewOrganization(fixture);
        var onB = onA with { Node = b };

        await using var redis = await ConnectionMultiplexer.ConnectAsync(LiveNode.SharedRedis.Replace("redis://", ""));
        var published = new ConcurrentQueue<long>();
        var channel = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Pattern($"org:{onA.Id}:*"));
        channel.OnMessage(message =>
        {
            // Page-status notices follow the read models, not single events, and carry no sequence.
            if (!message.Channel.ToString().EndsWith(":page:status"))
                published.Enqueue(JsonNode.Parse(message.Message.ToString())!["sequence"]!.GetValue<long>());
        });

        await using var client = await SseClient.Connect(onB.Owner, onB.Api("/stream"));
        await client.Next();
        var api = await onA.AddComponent();
        var statuses = new[] { "degraded_performance", "partial_outage", "major_outage", "operational" };
        foreach (var status in statuses)
            Assert.Equal(200, (int)(await onA.Owner.PatchAsJsonAsync(onA.Api($"/components/{api}"), new { status })).StatusCode);

        var seen = new List<SseMessage> { await client.Until(m => m.Event == "service:status") };
        for (var i = 0; i < statuses.Length; i++) seen.Add(await client.Next());
        Assert.Equal(statuses.Prepend("operational"), seen.Select(m => m.Json["status"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3, 4, 5], seen.Select(m => m.Json["version"]!.GetValue<int>()));

        // Redis keeps order, so once the marker's message is in, any second publication of the others would be too.
        await onA.Owner.PatchAsJsonAsync(onA.Api($"/components/{api}"), new { name = "Marker" });
        var marker = await client.Next();
        while (!published.Contains(marker.Sequence)) await client.Any();
        Assert.Equal(published.Distinct().Count(), published.Count);
        Assert.Subset(published.ToHashSet(), seen.Select(m => m.Sequence).ToHashSet());
    }

    [Fact]
    public async Task Commands_go_on_while_redis_is_down_and_a_reconnecting_client_gets_every_missed_message()
    {
        await using var redis = new RedisServer();
        await redis.Start();
        await using var node = await HostProcess.Start(redis.Url);
        var org = await node.NewOrganization(fixture);
        var api = await org.AddComponent();
        var lastSeen = (await org.Get($"/components/{api}/events")).AsArray()[^1]!["sequence"]!.GetValue<long>();

        await redis.Stop();
        var statuses = new[] { "degraded_performance", "partial_outage", "major_outage", "operational", "under_maintenance" };
        foreach (var status in statuses)
            Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status })).StatusCode);
        var health = await node.Client().GetAsync("/health");
        Assert.Equal(503, (int)health.StatusCode);
        Assert.Equal($$"""{"status":"down","version":"{{HealthTests.Version}}","database":"ok","redis":"down"}""", await health.Content.ReadAsStringAsync());

        await redis.Start();
        await using var resumed = await SseClient.Connect(org.Owner, org.Api("/stream"), lastSeen.ToString());
        await resumed.Next();
        var missed = new List<string>();
        foreach (var _ in statuses) missed.Add((await resumed.Next()).Json["status"]!.GetValue<string>());
        Assert.Equal(statuses, missed);
    }
}
