namespace StatusPage.Application.Outbound;

/// <summary>
/// Caps the outbound work one key (an endpoint, an organization) has in flight on this node. A message that finds
/// its key at the cap is put back for a moment instead of waiting for a slot, so the queue's worker it held goes to
/// another key's message: one tenant's slow or black-holed targets then cost only that tenant's share of the workers.
/// </summary>
public class InFlight<TKey>(int perKey) where TKey : notnull
{
    private readonly Dictionary<TKey, int> _busy = new();

    public bool TryTake(TKey key)
    {
        lock (_busy)
        {
            var busy = _busy.GetValueOrDefault(key);
            if (busy >= perKey) return false;
            _busy[key] = busy + 1;
            return true;
        }
    }

    public void Release(TKey key)
    {
        lock (_busy)
        {
            if (--_busy[key] == 0) _busy.Remove(key);
        }
    }
}
