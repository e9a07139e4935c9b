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

    private sealed class OwnDatabase(NpgsqlConnectionStringBuilder server, string name) : IAsyncDisposable
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

        public static async Task<OwnDatabase> Create(IDocumentStore store)
        {
            await using var connection = store.Storage.Database.CreateConnection();
            var server = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
            var name = "failover_" + Guid.NewGuid().ToString("N")[..12];
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
            return new OwnDatabase(server, name);
        }

        public Dictionary<string, string> Settings(string node) => new()
        {
            ["DATABASE_URL"] = "",
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(server.ConnectionString)
                { Database = name, ApplicationName = node }.ConnectionString
        };

        /// <summary>The node holding a shard's advisory lock (it runs that projection), once one of the candidates holds it.</summary>
        public async Task<string> Holder(int lockId, IEnumerable<string> candidates)
        {
            var names = candidates.ToList();
            return await Eventually(async connection =>
            {
                var command = new NpgsqlCommand("""
                    select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                    where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = @lock and a.datname = @db
                    """, connection);
                command.Parameters.AddWithValue("lock", (long)lockId);
                command.Parameters.AddWithValue("db", name);
                return await command.ExecuteScalarAsync() as string is { } holder && names.Contains(holder) ? holder : null;
            });
        }

        /// <summary>A component's status in the organization's page view, once the daemon has projected it.</summary>
        public Task<string> PageViewStatus(Guid organization, Guid component, string expected) => Eventually(async connection =>
        {
            var command = new NpgsqlCommand(
                "select data -> 'Components' -> @component ->> 'Status' from statuspage.mt_doc_pageview where id = @org", connection);
            command.Parameters.AddWithValue("component", component.ToString());
            command.Parameters.AddWithValue("org", organization.ToString());
            return await command.ExecuteScalarAsync() as string is { } status && status.Equals(expected.Replace("_", ""), StringComparison.OrdinalIgnoreCase)
                ? expected : null;
        });

        // Another process does this work, so there is nothing to await but what it leaves in the database.
        private async Task<string> Eventually(Func<NpgsqlConnection, Task<string?>> probe)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString);
            await connection.OpenAsync();
            var deadline = DateTime.UtcNow + Patience;
            while (DateTime.UtcNow < deadline)
            {
                if (await probe(connection) is { } found) return found;
                await Task.Delay(100);
            }

            throw new TimeoutException($"Nothing in {name} within {Patience}.");
        }

        public async ValueTask DisposeAsync()
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }
}
