using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace StatusPage.Application.Access;

/// <summary>When a key was last used, for the key list.</summary>
public sealed class ApiKeyLastUse
{
    public Guid Id { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>
/// Records key use without a write per request: uses are collected in memory and flushed in one batch every few
/// seconds, so "last used" is at most that stale and authentication stays a single indexed read.
/// </summary>
public sealed class ApiKeyUsage(IDocumentStore store, TimeProvider clock) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _pending = new();

    public void Touch(Guid keyId) => _pending[keyId] = clock.GetUtcNow();

    public async Task FlushAsync(CancellationToken token = default)
    {
        var uses = _pending.Keys.Select(id => _pending.TryRemove(id, out var at) ? new ApiKeyLastUse { Id = id, At = at } : null)
            .OfType<ApiKeyLastUse>().ToArray();
        if (uses.Length == 0) return;
        await using var session = store.LightweightSession();
        session.Store(uses);
        await session.SaveChangesAsync(token);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }
}
