using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

/// <summary>
/// Rebuilding every read model as docs/operations.md has operators do it, with no node running:
/// <c>rebuild-read-models</c> over a database of a million events. The events are the bench's own
/// organizations' copied over and over into a database no node uses, every id in a copy (streams, tenants, what the
/// events name) replaced by a new one, so each copy is a page and a history of its own.
/// </summary>
public static partial class Rebuild
{
    private static readonly string Server = $"Host=127.0.0.1;Port={Environment.GetEnvironmentVariable("BENCH_PG_PORT")};Username=postgres";

    public static async Task<List<string[]>> Run(int events)
    {
        var name = "rebuild_" + Guid.NewGuid().ToString("N")[..8];
        await Sql($"{Server};Database=postgres", $"create database {name}");
        try
        {
            var target = $"{Server};Database={name}";
            Host(name, "db-apply");
            var (copied, copies, took) = await Copy($"{Server};Database=postgres", target, events);
            var rows = new List<string[]>
            {
                new[] { $"rebuild database: {copied:N0} events, {copies} copies of the bench's organizations", "", "", "", $"copied in {took.TotalSeconds:F0} s" }
            };
            var (host, database) = (CommandCost.CpuMs(Environment.ProcessId, endedChildren: true), PostgresCpuMs());
            var watch = Stopwatch.StartNew();
            Host(name, "rebuild-read-models");
            rows.Add(["rebuild-read-models: every read model, at once", $"{copied / watch.Elapsed.TotalSeconds:N0} events/s", "", "",
                $"{watch.Elapsed.TotalSeconds:F1} s including the host's start; CPU: host {(CommandCost.CpuMs(Environment.ProcessId, endedChildren: true) - host) / 1000:F1} s, " +
                $"PostgreSQL {(PostgresCpuMs() - database) / 1000:F1} s; {await Sql(target, "select count(*) from statuspage.mt_doc_pageview"):N0} pages, " +
                $"{await Sql(target, "select count(*) from statuspage.mt_doc_incidenthistoryentry"):N0} history entries; target ≥ 20,000 events/s"]);
            return rows;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Sql($"{Server};Database=postgres", $"drop database if exists {name} with (force)");
        }
    }

    /// <summary>Copies of every stream and event of <paramref name="source"/> until there are at least <paramref name="events"/>.</summary>
    private static async Task<(long Copied, int Copies, TimeSpan Took)> Copy(string source, string target, int events)
    {
        var watch = Stopwatch.StartNew();
        await using var from = new NpgsqlConnection(source);
        await from.OpenAsync();
        var (streamColumns, streams) = await Export(from, "mt_streams", "", "id");
        var (eventColumns, template) = await Export(from, "mt_events", "seq_id", "seq_id");
        var copies = (int)Math.Ceiling(events / (double)template.Count);
        await using var to = new NpgsqlConnection(target);
        await to.OpenAsync();
        var renames = Enumerable.Range(0, copies).Select(_ => new Dictionary<string, string>()).ToArray();
        await Import(to, "mt_streams", streamColumns, streams, renames, numbered: false);
        await Import(to, "mt_events", $"seq_id, {eventColumns}", template, renames, numbered: true);
        var copied = (long)copies * template.Count;
        // Statistics as a database that grew by appends has them: right after a bulk copy the planner knows nothing of
        // the new rows and joins every page of events against all of mt_streams.
        await using var sequence = new NpgsqlCommand(
            $"select setval('statuspage.mt_events_sequence', {copied}); analyze statuspage.mt_streams; analyze statuspage.mt_events", to);
        await sequence.ExecuteNonQueryAsync();
        return (copied, copies, watch.Elapsed);
    }

    private static async Task<(string Columns, List<string> Lines)> Export(NpgsqlConnection connection, string table, string except, string order)
    {
        await using var columns = new NpgsqlCommand("""
            select string_agg(column_name, ', ' order by ordinal_position) from information_schema.columns
            where table_schema = 'statuspage' and table_name = @table and column_name <> @except
            """, connection);
        columns.Parameters.AddWithValue("table", table);
        columns.Parameters.AddWithValue("except", except);
        var list = (string)(await columns.ExecuteScalarAsync())!;
        var lines = new List<string>();
        using var reader = await connection.BeginTextExportAsync($"copy (select {list} from statuspage.{table} order by {order}) to stdout");
        while (await reader.ReadLineAsync() is { } line) lines.Add(line);
        return (list, lines);
    }

    /// <param name="numbered">Each line gets the next event sequence number in front, as Marten's append would give it.</param>
    private static async Task Import(
        NpgsqlConnection connection, string table, string columns, List<string> lines, Dictionary<string, string>[] renames, bool numbered)
    {
        await using var writer = await connection.BeginTextImportAsync($"copy statuspage.{table} ({columns}) from stdin");
        var sequence = 0L;
        foreach (var rename in renames)
        foreach (var line in lines)
        {
            var renamed = Uuid().Replace(line, m => rename.TryGetValue(m.Value, out var id) ? id : rename[m.Value] = Guid.NewGuid().ToString());
            await writer.WriteLineAsync(numbered ? $"{++sequence}\t{renamed}" : renamed);
        }
    }

    /// <summary>CPU milliseconds of the PostgreSQL server: the postmaster, its running processes and those that have ended.</summary>
    private static double PostgresCpuMs()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Environment.GetEnvironmentVariable("BENCH_PG_DATA")!, "postmaster.pid")).First());
        var running = Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(pid => pid > 0)
            .Sum(pid =>
            {
                try
                {
                    return CommandCost.Stat(pid)[1] == postmaster.ToString() ? CommandCost.CpuMs(pid) : 0;
                }
                catch (IOException)
                {
                    return 0;
                }
            });
        return CommandCost.CpuMs(postmaster, endedChildren: true) + running;
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    /// <summary>The host's own command line against the rebuild database, as an operator runs it.</summary>
    private static void Host(string database, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", ["src/Host/bin/Release/net10.0/StatusPage.Host.dll", .. arguments]);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DATABASE_URL"] = $"postgres://postgres@127.0.0.1:{Environment.GetEnvironmentVariable("BENCH_PG_PORT")}/{database}";
        ChildProcess.Run(start);
    }

    /// <summary>The first value the statement returns, if any.</summary>
    private static async Task<object?> Sql(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
