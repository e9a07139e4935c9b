using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Organizations;

/// <summary>
/// Per-organization limits on what costs the whole instance (checks, deliveries, mail): one tenant's script gone
/// wrong must not take what the others need.
/// </summary>
public static class Quotas
{
    /// <summary>Refuses <paramref name="adding"/> more when the organization would then have more than <paramref name="limit"/>.</summary>
    /// <param name="what">What is counted, plural ("monitors"); with <paramref name="setting"/>, the setting that raises the limit.</param>
    public static Rejection? Check(string what, long have, long adding, int limit, string setting) =>
        have + adding <= limit ? null
        : new Rejection(RejectionKind.Conflict, $"The organization has {have:N0} {what} and may have at most {limit:N0} ({setting}).");
}
