using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Npgsql;
using StatusPage.Application;

namespace StatusPage.Integration.Tests.Live;

/// <summary>
/// Two nodes on a database of their own, so that they alone compete for the daemon's work: each projection and the
/// live publisher run on whichever node holds its advisory lock; when that node dies, the other takes them over.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class FailoverTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task When_the_node_running_the_projections_dies_the_other_takes_over_publishing_and_projecting()
    {
        var store = (DocumentStore)fixture.Host.Services.GetRequiredService<IDocumentStore>();
        int Lock(string shard) => ProjectionLockIds.Compute(StatusPageSetup.Schema, new ShardName(shard), store.Options.Projections.DaemonLockId);
        var shards = new[] { "LivePublisher", "PageView", "IncidentHistoryEntry" }.Select(Lock).ToList();
        await using var database = await OwnDatabase.Create(store);
        var nodes = new Dictionary<string, HostProcess>();
        try
        {
            foreach (var name in new[] { "node-a", "node-b" }) nodes[name] = await HostProcess.Start(LiveNode.SharedRedis, database.Settings(name));
            var publisher = await database.Holder(shards[0], nodes.Keys);
            var survivor = nodes.Keys.Single(n => n != publisher);
            var org = await nodes[survivor].NewOrganization(fixture);
            await using var client = await SseClient.Connect(org.Owner, org.Api("/stream"));
            await client.Next();
            var api = await org.AddComponent();
            Assert.Equal(api.ToString(), (await client.Until(m => m.Event == "service:status")).Json["id"]!.GetValue<string>());

            await nodes[publisher].DisposeAsync();
            nodes.Remove(publisher);
            Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" })).StatusCode);

            var moved = await client.Until(m => m.Event == "service:status");
            Assert.Equal((api.ToString(), "major_outage"), (moved.Json["id"]!.GetValue<string>(), moved.Json["status"]!.GetValue<string>()));
            foreach (var shard in shards) Assert.Equal(survivor, await database.Holder(shard, [survivor]));
            Assert.Equal("major_outage", await database.PageViewStatus(org.Id, api, "major_outage"));
        }
        finally
        {
            foreach (var node in nodes.Values) await node.DisposeAsync();
        }
    }
}
