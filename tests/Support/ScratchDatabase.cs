using Npgsql;
using StatusPage.Host.Configuration;

namespace StatusPage.Testing;

/// <summary>An empty database on the run's PostgreSQL server, dropped afterwards.</summary>
public sealed class ScratchDatabase(string server, string name) : IAsyncDisposable
{
    public string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    public static async Task<ScratchDatabase> Create()
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                     ?? PostgresUrl.ToConnectionString(Environment.GetEnvironmentVariable("DATABASE_URL")!);
        var name = "scratch_" + Guid.NewGuid().ToString("N")[..12];
        var database = new ScratchDatabase(server, name);
        await database.Execute($"create database {name}");
        return database;
    }

    /// <summary>Messages of the matching type (SQL <c>like</c>) waiting in Wolverine's durable inbox, as (status, execution time).</summary>
    public async Task<List<(string Status, DateTime At)>> Planned(string messageType)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "select status, execution_time from statuspage.wolverine_incoming_envelopes where message_type like @type order by execution_time",
            connection);
        query.Parameters.AddWithValue("type", messageType);
        await using var reader = await query.ExecuteReaderAsync();
        var planned = new List<(string Status, DateTime At)>();
        while (await reader.ReadAsync()) planned.Add((reader.GetString(0), reader.IsDBNull(1) ? default : reader.GetDateTime(1)));
        return planned;
    }

    /// <summary>Every row the query returns in this database, each column as text.</summary>
    public async Task<List<string[]>> Rows(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(sql, connection);
        await using var reader = await query.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : reader.GetValue(i).ToString()!).ToArray());
        return rows;
    }

    private async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Execute($"drop database if exists {name} with (force)");
    }
}
