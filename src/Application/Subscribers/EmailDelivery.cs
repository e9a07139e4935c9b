namespace StatusPage.Application.Subscribers;

/// <summary>
/// The ledger of notice emails, one row per (notice, subscriber), written once the SMTP server has answered for it:
/// a batch that runs again after a failure or a crash skips everyone it finds here.
/// </summary>
/// <param name="Refusal">The server's permanent refusal; null when it accepted the message.</param>
public sealed record EmailDelivery(string Id, long Sequence, Guid SubscriberId, DateTimeOffset At, string? Refusal)
{
    public static string IdOf(long sequence, Guid subscriberId) => $"{sequence}:{subscriberId:N}";
}
