using StatusPage.Application.Email;
using StatusPage.Application.Notifications;
using StatusPage.Domain.Components;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Application.Subscribers;

/// <summary>What a notice says to subscribers, and which components it concerns (all an incident has touched).</summary>
public sealed record NoticeLetter(Letter Letter, IReadOnlyCollection<Guid> Components);

public static class NoticeLetters
{
    /// <summary>The subject read as of the notice's version, so a late or repeated delivery still tells that moment's news.</summary>
    public static async Task<NoticeLetter?> For(Notice notice, Organization organization, EmailOptions options, IQuerySession session, CancellationToken token)
    {
        var page = organization.Name;
        var pageLink = options.Link($"/{organization.Slug}");
        switch (notice.Type)
        {
            case NoticeType.IncidentCreated or NoticeType.IncidentUpdated or NoticeType.IncidentResolved or NoticeType.IncidentPostmortem:
            {
                var incident = await session.Events.AggregateStreamAsync<IncidentTimeline>(notice.SubjectId, notice.Version, token: token);
                if (incident is null) return null;
                var latest = incident.Updates[0];
                var status = StatusWords.Text(latest.Status);
                var subject = notice.Type switch
                {
                    NoticeType.IncidentResolved => $"Resolved: {incident.Name}",
                    NoticeType.IncidentPostmortem => $"Postmortem: {incident.Name}",
                    _ => $"Incident: {incident.Name} ({status})"
                };
                var paragraphs = notice.Type == NoticeType.IncidentPostmortem
                    ? [incident.Postmortem?.Body ?? ""]
                    : new List<string> { $"{status}: {latest.Message}", $"Impact: {StatusWords.Text(incident.Impact)}" };
                if (latest.AffectedComponents.Count > 0 && notice.Type != NoticeType.IncidentPostmortem)
                    paragraphs.Add("Components: " + string.Join(", ", latest.AffectedComponents.Select(c => $"{c.Name} ({StatusWords.Text(c.NewStatus)})")));
                return new(new Letter(page, subject, incident.Name, paragraphs, "View the incident", options.Link($"/{organization.Slug}/incidents/{incident.Id}")),
                    incident.Components.Keys);
            }
            case NoticeType.ComponentStatusChanged:
            {
                var component = await session.Events.AggregateStreamAsync<Component>(notice.SubjectId, notice.Version, token: token);
                if (component is null) return null;
                var status = StatusWords.Text(component.Status);
                return new(new Letter(page, $"{component.Name}: {status}", $"{component.Name} is now {status.ToLowerInvariant()}", [], "View the status page", pageLink),
                    [component.Id]);
            }
            default:
            {
                var window = await session.Events.AggregateStreamAsync<MaintenanceTimeline>(notice.SubjectId, notice.Version, token: token);
                if (window is null) return null;
                var what = notice.Type switch
                {
                    NoticeType.MaintenanceScheduled => "Maintenance scheduled",
                    NoticeType.MaintenanceStarted => "Maintenance in progress",
                    NoticeType.MaintenanceCompleted => "Maintenance completed",
                    _ => "Maintenance cancelled"
                };
                var paragraphs = new List<string>
                {
                    $"Scheduled from {window.ScheduledFor.UtcDateTime:yyyy-MM-dd HH:mm} to {window.ScheduledUntil.UtcDateTime:yyyy-MM-dd HH:mm} UTC.",
                    window.Updates[0].Message
                };
                if (window.Components.Count > 0) paragraphs.Add("Components: " + string.Join(", ", window.Components.Select(c => c.Name)));
                return new(new Letter(page, $"{what}: {window.Name}", window.Name, paragraphs, "View the status page", pageLink),
                    window.Components.Select(c => c.ComponentId).ToArray());
            }
        }
    }
}
