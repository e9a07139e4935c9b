using Marten;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Incidents;

namespace StatusPage.Projections.Pages;

/// <summary>One line of a page's history: a past incident, or a maintenance window that has ended.</summary>
public sealed record HistoryEntry(Guid Id, string Name, DateTimeOffset At, string Detail, bool IsIncident)
{
    public static HistoryEntry Of(IncidentHistoryEntry incident) =>
        new(incident.Id, incident.Name, incident.StartedAt, $"{StatusWords.Text(incident.Impact)} impact · {StatusWords.Text(incident.Status)}", true);

    public static HistoryEntry Of(Maintenance window) =>
        new(window.Id, window.Name, window.ScheduledFor, $"Maintenance · {StatusWords.Text(window.Status)}", false);
}

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, bool HasOlder);

/// <summary>
/// Past incidents and ended maintenance windows, newest first, merged into pages of the same size. A page past the
/// last is not there, but the first always is, even empty.
/// </summary>
public static class PublicHistory
{
    public static async Task<HistoryPage?> Page(ReadSide reads, string tenantId, int page, int size, CancellationToken token)
    {
        await using var session = reads.Store.QuerySession(tenantId);
        var ended = session.Query<Maintenance>().Where(m => m.Status == MaintenanceStatus.Completed || m.Status == MaintenanceStatus.Cancelled);
        var total = await session.Query<IncidentHistoryEntry>().CountAsync(token) + await ended.CountAsync(token);
        if (page > 1 && (long)(page - 1) * size >= total) return null;
        var enough = page * size + 1;
        var incidents = await session.Query<IncidentHistoryEntry>().OrderByDescending(i => i.StartedAt).Take(enough).ToListAsync(token);
        var windows = await ended.OrderByDescending(m => m.ScheduledFor).Take(enough).ToListAsync(token);
        var entries = incidents.Select(HistoryEntry.Of).Concat(windows.Select(HistoryEntry.Of)).OrderByDescending(e => e.At).ToList();
        return new HistoryPage(entries.Skip((page - 1) * size).Take(size).ToList(), entries.Count > page * size);
    }
}
