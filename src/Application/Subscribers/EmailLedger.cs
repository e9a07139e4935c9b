namespace StatusPage.Application.Subscribers;

/// <summary>
/// Records a batch's ledger while the batch goes on sending: each write takes everything the SMTP server answered
/// since the previous write began, so the database round trips overlap the SMTP ones and a crash can repeat only
/// what was accepted during the last write, not the whole batch.
/// </summary>
public sealed class EmailLedger(IDocumentStore store, string tenant)
{
    private readonly Lock _gate = new();
    private readonly List<Action<IDocumentSession>> _pending = [];
    private Task _writing = Task.CompletedTask;

    public void Record(Action<IDocumentSession> change)
    {
        lock (_gate)
        {
            _pending.Add(change);
            if (_writing.IsCompleted) _writing = Write();
        }
    }

    /// <summary>Returns once everything recorded so far is committed, or throws what the last write threw.</summary>
    public async Task Flush()
    {
        await _writing;
        await Write();
    }

    private async Task Write()
    {
        while (true)
        {
            Action<IDocumentSession>[] changes;
            lock (_gate)
            {
                if (_pending.Count == 0) return;
                changes = _pending.ToArray();
                _pending.Clear();
            }

            // Not cancelled when the host stops: these messages are out and must not go out again.
            await using var session = store.LightweightSession(tenant);
            foreach (var change in changes) change(session);
            await session.SaveChangesAsync(CancellationToken.None);
        }
    }
}
