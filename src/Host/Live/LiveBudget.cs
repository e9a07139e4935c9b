using System.Net;
using System.Threading.RateLimiting;
using StatusPage.Application.Http;

namespace StatusPage.Host.Live;

/// <summary>
/// The live connections a node may hold, shared out: no more than its cap in all, per organization and per client
/// address. Partitions of organizations and addresses that hold nothing are dropped by the limiters themselves, so
/// neither unknown pages nor passing clients make it grow.
/// </summary>
public sealed class LiveBudget(LiveOptions options)
{
    private readonly ConcurrencyLimiter _node = Limiter(options.MaxConnections);

    private readonly PartitionedRateLimiter<Guid> _organizations = PartitionedRateLimiter.Create<Guid, Guid>(organization =>
        RateLimitPartition.GetConcurrencyLimiter(organization, _ => Options(options.MaxConnectionsPerOrganization)));

    private readonly PartitionedRateLimiter<IPAddress> _clients = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetConcurrencyLimiter(address, _ => Options(options.MaxConnectionsPerClient)));

    /// <summary>A lease on all three budgets, or why one of them is spent.</summary>
    public (IDisposable? Lease, string? Refusal) Take(Guid organizationId, IPAddress? client)
    {
        var leases = new List<RateLimitLease>(3);
        foreach (var (lease, refusal) in Attempts(organizationId, client))
        {
            leases.Add(lease);
            if (lease.IsAcquired) continue;
            leases.ForEach(l => l.Dispose());
            return (null, refusal);
        }

        return (new Leases(leases), null);
    }

    /// <summary>Lazily, so that a budget is only asked once the ones before it had room.</summary>
    private IEnumerable<(RateLimitLease, string)> Attempts(Guid organizationId, IPAddress? client)
    {
        yield return (_node.AttemptAcquire(), "This node has no room for another live connection; retry shortly or use another node.");
        yield return (_organizations.AttemptAcquire(organizationId),
            "This status page has as many live connections on this node as it may hold; retry shortly.");
        yield return (_clients.AttemptAcquire(ClientAddress.Of(client)),
            "This address has as many live connections on this node as it may hold; close some or retry later.");
    }

    private static ConcurrencyLimiter Limiter(int permits) => new(Options(permits));

    private static ConcurrencyLimiterOptions Options(int permits) => new() { PermitLimit = permits, QueueLimit = 0 };

    private sealed class Leases(List<RateLimitLease> leases) : IDisposable
    {
        public void Dispose() => leases.ForEach(l => l.Dispose());
    }
}
