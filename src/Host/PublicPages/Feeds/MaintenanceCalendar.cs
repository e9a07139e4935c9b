using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Ical.Net;
using Marten;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Maintenances;
using StatusPage.Projections;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// The page's scheduled maintenance as an iCalendar (RFC 5545) subscription: one event per window, upcoming, under
/// way and recently past. A calendar app matches events by UID and keeps the one with the highest SEQUENCE, so the
/// UID never changes and the SEQUENCE is the maintenance stream's version, which every change raises.
/// </summary>
public static class MaintenanceCalendar
{
    /// <summary>How long a finished window stays in the calendar, so subscribers see what happened last week.</summary>
    public static readonly TimeSpan Recent = TimeSpan.FromDays(30);

    private const int MaxWindows = 200;

    /// <summary>Windows still to run or under way, and those that ended within <see cref="Recent"/>, each folded from its events in one round trip.</summary>
    public static async Task<IReadOnlyList<MaintenanceTimeline>> Load(IDocumentSession tenant, DateTimeOffset now, CancellationToken token)
    {
        var since = now - Recent;
        var windows = await tenant.Query<Maintenance>()
            .Where(m => m.ScheduledUntil >= since || m.Status == MaintenanceStatus.Scheduled || m.Status == MaintenanceStatus.InProgress
                        || m.Status == MaintenanceStatus.Verifying)
            .OrderByDescending(m => m.ScheduledFor).Take(MaxWindows).Select(m => m.Id).ToListAsync(token);
        return await tenant.Timelines<MaintenanceTimeline>(windows, token);
    }

    public static byte[] Render(PublicPage page, IReadOnlyList<MaintenanceTimeline> windows)
    {
        var calendar = new Calendar { ProductId = "-//StatusPage//Scheduled maintenance//EN" };
        calendar.AddProperty("X-WR-CALNAME", $"{FeedText.Clean(page.Name)} scheduled maintenance");
        foreach (var window in windows.OrderBy(w => w.ScheduledFor))
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{window.Id}@{page.Host}",
                // RFC 5545: without a METHOD, DTSTAMP is when the event was last revised, which keeps the document
                // the same until the window changes.
                DtStamp = Utc(window.UpdatedAt),
                Created = Utc(window.CreatedAt),
                LastModified = Utc(window.UpdatedAt),
                Sequence = (int)window.Version - 1,
                DtStart = Utc(window.ScheduledFor),
                DtEnd = Utc(window.ScheduledUntil),
                Status = window.Status == MaintenanceStatus.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
                Summary = FeedText.Clean(window.Name),
                Description = Description(window),
                Url = new Uri(page.Url)
            });
        return Encoding.UTF8.GetBytes(new CalendarSerializer().SerializeToString(calendar)!);
    }

    /// <summary>Its cancellation if any, the components it covers, then every update newest first with its status and time.</summary>
    private static string Description(MaintenanceTimeline window)
    {
        var text = new StringBuilder();
        if (window.CancelledAt is { } cancelled) text.AppendLine($"Cancelled ({cancelled.UtcDateTime:MMM d, HH:mm} UTC)");
        if (window.Components.Count > 0)
            text.AppendLine($"Components: {string.Join(", ", window.Components.Select(c => c.Name))}").AppendLine();
        foreach (var update in window.Updates)
            text.AppendLine($"{StatusWords.Text(update.Status)} ({update.At.UtcDateTime:MMM d, HH:mm} UTC): {update.Message}");
        return FeedText.Clean(text.ToString().TrimEnd());
    }

    private static CalDateTime Utc(DateTimeOffset at) => new(at.UtcDateTime);
}
