using System.Threading.RateLimiting;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>
/// SignIn:PerAccountPerMinute: attempts on one address, whoever makes them and from wherever, whether or not the
/// address has an account, so that many client addresses together still guess slowly and the limit tells nothing.
/// </summary>
public sealed class AccountLimits(SignInOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PerAccountPerMinute, Window = TimeSpan.FromMinutes(1) }));

    /// <returns>Null when the attempt may go ahead, otherwise how long to wait.</returns>
    public TimeSpan? Wait(string? email)
    {
        using var lease = _limiter.AttemptAcquire(OperatorRules.NormalizeEmail(email ?? ""));
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
