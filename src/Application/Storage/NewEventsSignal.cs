using System.Threading.Channels;
using JasperFx.Events.Daemon.HighWater;
using Marten.Events.Daemon.HighWater;
using Marten.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace StatusPage.Application.Storage;

/// <summary>
/// Wakes the async daemon (on whichever node leads it) when events were committed, so it can rest between looks when
/// nothing happens instead of polling the event table many times a second. Marten's own switch for this puts
/// <c>pg_notify</c> into every appending transaction, and PostgreSQL holds one database-wide lock from a notifying
/// commit until its WAL is flushed: commands would commit one after the other. Here the notice is sent after the
/// commit, from one loop per node, and commits that land while it is on its way share the next one.
/// </summary>
public sealed class NewEventsSignal(string connectionString, ILogger<NewEventsSignal> logger)
    : DocumentSessionListenerBase, IHostedService, IDisposable
{
    // One connection listens (on the daemon's leader), one sends.
    private readonly NpgsqlDataSource _notices =
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2 }.ConnectionString);

    private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true
    });

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>What the daemon waits on between looks; a notice ends the wait early.</summary>
    public IDaemonWakeup Wakeup() => new PostgresqlListenWakeup(_notices, logger);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetStreams().Any()) _pending.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => SendAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendAsync(CancellationToken stopping)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stopping))
            {
                _pending.Reader.TryRead(out _);
                try
                {
                    await using var notice = _notices.CreateCommand($"select pg_notify('{PostgresqlListenWakeup.DefaultChannel}', '')");
                    await notice.ExecuteNonQueryAsync(stopping);
                }
                catch (NpgsqlException e)
                {
                    // The daemon's own look, a couple of seconds later at most, still finds the events.
                    logger.LogWarning(e, "Could not tell the async daemon about new events");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _notices.Dispose();
    }
}
