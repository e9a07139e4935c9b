using StatusPage.Application.History;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Dashboard;

/// <summary>A stream's events as an auditor reads them, and the names behind the actors ("user:…", "apikey:…").</summary>
public sealed record AuditTrail(IReadOnlyList<HistoryEntry> Entries, IReadOnlyDictionary<string, string> Actors)
{
    /// <summary>The stream's events, with the people and keys of the organization named, so an auditor reads "who" at a glance.</summary>
    public static async Task<AuditTrail> Of(IQuerySession tenant, Guid organizationId, Guid id, CancellationToken token)
    {
        var events = (await tenant.Events.FetchStreamAsync(id, token: token)).Select(StreamHistoryEndpoints.Entry).ToList();
        var members = await tenant.Query<Member>().Where(m => m.OrganizationId == organizationId).ToListAsync(token);
        var keys = await tenant.Query<ApiKey>().Where(k => k.OrganizationId == organizationId).ToListAsync(token);
        var actors = members.DistinctBy(m => m.OperatorId).Select(m => ($"user:{m.OperatorId}", $"{m.Name} <{m.Email}>"))
            .Concat(keys.Select(k => ($"apikey:{k.Id}", $"API key '{k.Name}'")))
            .ToDictionary(a => a.Item1, a => a.Item2);
        return new AuditTrail(events, actors);
    }
}
