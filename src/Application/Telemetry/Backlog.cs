using Npgsql;

namespace StatusPage.Application.Telemetry;

/// <summary>
/// What is still to do, read from PostgreSQL where Wolverine and Marten keep it: durable messages not yet handled
/// and events not yet projected. Every node reads the same rows, so every node reports the cluster's backlog.
/// </summary>
public sealed class Backlog(IDocumentStore store)
{
    public sealed record Queue(string Name, long Waiting);

    public sealed record Projection(string Name, long EventsBehind, double SecondsBehind);

    /// <summary>
    /// The queues operators watch, by Wolverine's local queue names (a message type's or, for a notice taken by
    /// several handlers, the handler's): every mail handler's has "mail" or is the owners' alert.
    /// </summary>
    private static readonly (string Queue, string NamePart)[] Watched =
        [("email", "mail"), ("email", "owneralert"), ("webhooks", "webhook"), ("monitor_checks", "runcheck")];

    /// <summary>Received, or scheduled and due: a retry or a check planned for later is not waiting yet.</summary>
    public IReadOnlyList<Queue> Queues()
    {
        var counts = Read($"""
            select received_at, count(*) from {Schema}.wolverine_incoming_envelopes
            where status = 'Incoming' or (status = 'Scheduled' and execution_time <= now())
            group by received_at
            """, r => (Queue: r.GetString(0), Count: r.GetInt64(1)));
        return Watched.GroupBy(w => w.Queue, w => w.NamePart).Select(queue => new Queue(queue.Key, counts
            .Where(c => queue.Any(part => c.Queue.Contains(part, StringComparison.OrdinalIgnoreCase))).Sum(c => c.Count))).ToList();
    }

    /// <summary>
    /// Against the newest event, not Marten's high-water mark: the mark is the daemon's own, and a stalled daemon
    /// would report no lag at all.
    /// </summary>
    public IReadOnlyList<Projection> Projections() => Read(ProjectionsSql, ProjectionRow);

    /// <summary>As <see cref="Projections()"/>, for a caller that must know when the database does not answer.</summary>
    public async Task<IReadOnlyList<Projection>> ProjectionsAsync()
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        return await ReadAsync(connection, ProjectionsSql, ProjectionRow);
    }

    private string ProjectionsSql => $"""
        select p.name,
               greatest(coalesce((select max(seq_id) from {Schema}.mt_events), 0) - p.last_seq_id, 0),
               coalesce(extract(epoch from now() - (select e.timestamp from {Schema}.mt_events e
                                                    where e.seq_id > p.last_seq_id order by e.seq_id limit 1)), 0)::float8
        from {Schema}.mt_event_progression p
        where p.name not like 'HighWater%'
        """;

    private static Projection ProjectionRow(NpgsqlDataReader r) => new(r.GetString(0), r.GetInt64(1), Math.Max(0, r.GetDouble(2)));

    private string Schema => store.Options.DatabaseSchemaName;

    /// <summary>Gauges are read synchronously by the metrics collector; an unreachable database reports nothing rather than failing the scrape.</summary>
    private List<T> Read<T>(string sql, Func<NpgsqlDataReader, T> row)
    {
        try
        {
            using var connection = store.Storage.Database.CreateConnection();
            connection.Open();
            return ReadAsync(connection, sql, row).GetAwaiter().GetResult();
        }
        catch (NpgsqlException)
        {
            return [];
        }
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> row)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 5 };
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(row(reader));
        return rows;
    }
}
