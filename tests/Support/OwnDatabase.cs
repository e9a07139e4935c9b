using Marten;
using Npgsql;

namespace StatusPage.Testing;

/// <summary>
/// A database of the test's own for Host processes, so that they alone compete for the daemon's and the durable
/// inbox's work; dropped at the end.
/// </summary>
public sealed class OwnDatabase(NpgsqlConnectionStringBuilder server, string name) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<OwnDatabase> Create(IDocumentStore store, string prefix = "failover")
    {
        await using var connection = store.Storage.Database.CreateConnection();
        var server = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
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

    public async Task<long> Count(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ConnectionString);
        await connection.OpenAsync();
        return Convert.ToInt64(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

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
