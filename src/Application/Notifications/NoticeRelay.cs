using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using StatusPage.Domain.Notifications;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace StatusPage.Application.Notifications;

/// <summary>
/// One change that subscribers and webhook endpoints may have to hear about. The organization travels as the
/// envelope's tenant id, so handlers get sessions of that organization.
/// </summary>
/// <param name="Sequence">The event's global sequence: the notice's identity, the same however often it is delivered.</param>
/// <param name="Version">The version of the subject's stream that this event produced: render the subject as of it.</param>
public sealed record Notice(
    long Sequence, NoticeType Type, Guid SubjectId, long Version, IReadOnlyList<Guid> Components, bool Notify, DateTimeOffset At);

/// <summary>
/// A Marten subscription, run once in a cluster by the async daemon, that turns events into notices. Wolverine commits
/// the notices it publishes in the same transaction as its progress, so a node dying in between neither loses a
/// notice nor publishes it twice.
/// </summary>
public sealed class NoticeRelay : BatchSubscription
{
    public NoticeRelay() : base("Notices")
    {
        foreach (var type in Notices.EventTypes) IncludeType(type);
        // A new installation has nothing to tell yet; an upgraded one must not mail out its whole history.
        Options.SubscribeAsInlineToAsync();
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken token)
    {
        foreach (var e in page.Events)
        {
            if (Notices.For(e.Data) is not { } notice) continue;
            await bus.PublishAsync(
                new Notice(e.Sequence, notice.Type, notice.SubjectId, e.Version, notice.Components, notice.Notify, e.Timestamp),
                new DeliveryOptions { TenantId = e.TenantId });
        }
    }
}
