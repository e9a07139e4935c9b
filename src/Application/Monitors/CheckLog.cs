using Npgsql;
using StatusPage.Domain.Monitors;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace StatusPage.Application.Monitors;

/// <summary>One stored check, as the API shows it.</summary>
public sealed record CheckRow(DateTimeOffset PlannedAt, DateTimeOffset CheckedAt, bool Success, bool Slow, int LatencyMs, string? Reason);

/// <summary>
/// Check results as compact rows, one per monitor and planned time (not events: a 10 s monitor makes 8,640 a day). The
/// key doubles as the check's identity: a check delivered twice is recorded once, and the loser's transaction (with
/// the next check it planned) rolls back. Rows older than the retention are deleted by the daily sweep. Heartbeats
/// keep only the time of the latest call per monitor.
/// </summary>
public static class CheckLog
{
    public const string Checks = "monitor_checks";
    private const string Beats = "monitor_heartbeats";

    public static void Register(StoreOptions options)
    {
        var checks = new Table(Name(options, Checks));
        checks.AddColumn<Guid>("monitor_id").AsPrimaryKey();
        checks.AddColumn<DateTimeOffset>("planned_at").AsPrimaryKey();
        checks.AddColumn<DateTimeOffset>("checked_at").NotNull();
        checks.AddColumn<bool>("success").NotNull();
        checks.AddColumn<bool>("slow").NotNull();
        checks.AddColumn<int>("latency_ms").NotNull();
        checks.AddColumn<string>("reason");
        // Retention deletes by age across all monitors; rows arrive in time order, which a BRIN index summarises cheaply.
        checks.Indexes.Add(new IndexDefinition("ix_monitor_checks_planned_at") { Columns = ["planned_at"], Method = IndexMethod.brin });
        options.Storage.ExtendedSchemaObjects.Add(checks);

        var beats = new Table(Name(options, Beats));
        beats.AddColumn<Guid>("monitor_id").AsPrimaryKey();
        beats.AddColumn<DateTimeOffset>("last_at").NotNull();
        options.Storage.ExtendedSchemaObjects.Add(beats);
    }

    /// <summary>Joins the session's transaction, so the result is stored exactly when the next check is planned.</summary>
    public static void Record(IDocumentSession session, Guid monitorId, CheckResult result, DateTimeOffset checkedAt) =>
        session.QueueSqlCommand(
            $"insert into {Schema(session)}.{Checks} (monitor_id, planned_at, checked_at, success, slow, latency_ms, reason) values (?, ?, ?, ?, ?, ?, ?)",
            monitorId, result.PlannedAt, checkedAt, result.Success, result.Slow, result.LatencyMs, (object?)result.Reason ?? DBNull.Value);

    /// <summary>The latest results of each monitor up to <paramref name="through"/>, newest first.</summary>
    public static async Task<Dictionary<Guid, List<CheckResult>>> Latest(
        IQuerySession session, IReadOnlyCollection<Guid> monitorIds, DateTimeOffset through, int count, CancellationToken token)
    {
        var latest = monitorIds.ToDictionary(id => id, _ => new List<CheckResult>());
        if (monitorIds.Count == 0) return latest;
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand($"""
            select c.monitor_id, c.planned_at, c.success, c.slow, c.latency_ms, c.reason
            from unnest(@ids) as m(id)
            cross join lateral (
                select * from {Schema(session)}.{Checks} c where c.monitor_id = m.id and c.planned_at <= @through
                order by c.planned_at desc limit @count) c
            order by c.monitor_id, c.planned_at desc
            """, connection);
        command.Parameters.AddWithValue("ids", monitorIds.ToArray());
        command.Parameters.AddWithValue("through", through);
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
            latest[reader.GetGuid(0)].Add(new CheckResult(reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2), reader.GetBoolean(3),
                reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return latest;
    }

    public static async Task<List<CheckRow>> Read(
        IQuerySession session, Guid monitorId, DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken token)
    {
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand($"""
            select planned_at, checked_at, success, slow, latency_ms, reason from {Schema(session)}.{Checks}
            where monitor_id = @id and planned_at >= @from and planned_at <= @to order by planned_at desc limit @limit
            """, connection);
        command.Parameters.AddWithValue("id", monitorId);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<CheckRow>();
        await using var reader = await command.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token))
            rows.Add(new CheckRow(reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2),
                reader.GetBoolean(3), reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        return rows;
    }

    public static void Forget(IDocumentSession session, DateTimeOffset before) =>
        session.QueueSqlCommand($"delete from {Schema(session)}.{Checks} where planned_at < ?", before);

    public static async Task Beat(IQuerySession session, Guid monitorId, DateTimeOffset at, CancellationToken token)
    {
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand($"""
            insert into {Schema(session)}.{Beats} (monitor_id, last_at) values (@id, @at)
            on conflict (monitor_id) do update set last_at = greatest({Beats}.last_at, excluded.last_at)
            """, connection);
        command.Parameters.AddWithValue("id", monitorId);
        command.Parameters.AddWithValue("at", at);
        await command.ExecuteNonQueryAsync(token);
    }

    public static async Task<DateTimeOffset?> LastBeat(IQuerySession session, Guid monitorId, CancellationToken token)
    {
        await using var connection = await Open(session, token);
        await using var command = new NpgsqlCommand($"select last_at from {Schema(session)}.{Beats} where monitor_id = @id", connection);
        command.Parameters.AddWithValue("id", monitorId);
        return await command.ExecuteScalarAsync(token) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    private static PostgresqlObjectName Name(StoreOptions options, string table) =>
        new(options.DatabaseSchemaName, table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General);

    private static string Schema(IQuerySession session) => session.DocumentStore.Options.DatabaseSchemaName;

    private static async Task<NpgsqlConnection> Open(IQuerySession session, CancellationToken token)
    {
        await session.Database.EnsureStorageExistsAsync(typeof(Marten.Storage.StorageFeatures), token);
        var connection = session.Database.CreateConnection();
        await connection.OpenAsync(token);
        return connection;
    }
}
