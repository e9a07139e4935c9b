using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace StatusPage.Projections.Live;

/// <summary>
/// The highest event sequence the live publisher has started to publish, recorded before it publishes. A client
/// resuming with Last-Event-ID is replayed up to it: everything below it is committed (the daemon hands out only
/// events below its high-water mark), and everything published before the client was listening is below it.
/// It only grows, so a node taking over publishing and repeating earlier pages cannot move it back.
/// </summary>
public static class LiveWatermark
{
    private const string Table = "live_published";

    public static void Register(StoreOptions options)
    {
        var table = new Table(new PostgresqlObjectName(options.DatabaseSchemaName, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<int>("id").AsPrimaryKey();
        table.AddColumn<long>("through").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(table);
    }

    public static async Task Raise(IQuerySession session, long through, CancellationToken token)
    {
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand($"""
            insert into {session.DocumentStore.Options.DatabaseSchemaName}.{Table} (id, through) values (1, @through)
            on conflict (id) do update set through = greatest({Table}.through, excluded.through)
            """, connection);
        command.Parameters.AddWithValue("through", through);
        await command.ExecuteNonQueryAsync(token);
    }

    public static async Task<long> Read(IQuerySession session, CancellationToken token)
    {
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand(
            $"select coalesce(max(through), 0) from {session.DocumentStore.Options.DatabaseSchemaName}.{Table}", connection);
        return (long)(await command.ExecuteScalarAsync(token))!;
    }

    private static async Task<NpgsqlConnection> Open(IQuerySession session, CancellationToken token)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(Marten.Storage.StorageFeatures), token);
        var connection = session.Database.CreateConnection();
        await connection.OpenAsync(token);
        return connection;
    }
}
