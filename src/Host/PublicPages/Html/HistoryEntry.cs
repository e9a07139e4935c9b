using StatusPage.Domain.Maintenances;
using StatusPage.Projections.Incidents;

namespace StatusPage.Host.PublicPages.Html;

/// <summary>One line of a page's history: a past incident, or a maintenance window that has ended.</summary>
public sealed record HistoryEntry(Guid Id, string Name, DateTimeOffset At, string Detail, bool IsIncident)
{
    public static HistoryEntry Of(IncidentHistoryEntry incident) =>
        new(incident.Id, incident.Name, incident.StartedAt, $"{Words.Of(incident.Impact)} impact · {Words.Of(incident.Status)}", true);

    public static HistoryEntry Of(Maintenance window) =>
        new(window.Id, window.Name, window.ScheduledFor, $"Maintenance · {Words.Of(window.Status)}", false);
}
