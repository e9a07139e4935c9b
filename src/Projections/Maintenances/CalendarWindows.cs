using Marten;
using StatusPage.Domain.Maintenances;

namespace StatusPage.Projections.Maintenances;

/// <summary>The windows a maintenance calendar subscription holds.</summary>
public static class CalendarWindows
{
    /// <summary>How long a finished window stays in the calendar, so subscribers see what happened last week.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromDays(30);

    private const int MaxWindows = 200;

    /// <summary>Windows still to run or under way, and those that ended within <see cref="Recent"/>, each folded from its events in one round trip.</summary>
    public static Task<IReadOnlyList<MaintenanceTimeline>> Load(ReadSide reads, string tenantId, DateTimeOffset now, CancellationToken token)
    {
        var since = now - Recent;
        return reads.RecentMaintenances(tenantId, m => m.ScheduledUntil >= since || m.Status == MaintenanceStatus.Scheduled
            || m.Status == MaintenanceStatus.InProgress || m.Status == MaintenanceStatus.Verifying, MaxWindows, token);
    }
}
