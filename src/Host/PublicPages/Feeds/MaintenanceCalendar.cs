using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Ical.Net;
using StatusPage.Application.Pages;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// The page's scheduled maintenance as an iCalendar (RFC 5545) subscription: one event per window, upcoming, under
/// way and recently past. A calendar app matches events by UID and keeps the one with the highest SEQUENCE, so the
/// UID never changes and the SEQUENCE is the maintenance stream's version, which every change raises.
/// </summary>
public static class MaintenanceCalendar
{
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
