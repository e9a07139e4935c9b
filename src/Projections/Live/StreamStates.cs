using JasperFx.Events;

namespace StatusPage.Projections.Live;

/// <summary>The latest folded read model of recently changed streams, so the publisher only applies what is new.</summary>
public sealed class StreamStates(int capacity = 10_000)
{
    private readonly Dictionary<(string Tenant, Guid Stream), (long Version, object State)> _latest = new();

    /// <summary>The latest known state of the event's stream, when it is from before this event.</summary>
    public (long Version, T State)? Before<T>(IEvent e) where T : class =>
        _latest.TryGetValue((e.TenantId, e.StreamId), out var known) && known.Version < e.Version && known.State is T state
            ? (known.Version, state)
            : null;

    public void Remember(IEvent e, object? state)
    {
        if (state is null) return;
        // A crude bound is enough: forgetting only costs one full fold of that stream later.
        if (_latest.Count >= capacity) _latest.Clear();
        _latest[(e.TenantId, e.StreamId)] = (e.Version, state);
    }
}
