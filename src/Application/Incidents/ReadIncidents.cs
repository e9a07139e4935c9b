using Marten;
using Marten.Pagination;
using StatusPage.Domain.Incidents;
using StatusPage.Projections.Incidents;

namespace StatusPage.Application.Incidents;

public sealed record IncidentPage(IReadOnlyList<IncidentTimeline> Incidents, int Page, int PageSize, long Total);

public static class ReadIncidentsEndpoints
{
    private const int PageSize = 25;

    /// <summary>A page of incidents, newest first, each with its whole timeline folded from its events.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/incidents", OperationId = "listIncidents")]
    public static async Task<IResult> List(string? status, int? page, IQuerySession session, CancellationToken token)
    {
        var number = page ?? 1;
        if (number < 1) return Problems.Invalid("'page' starts at 1.");
        IQueryable<Incident> query = session.Query<Incident>();
        if (status is not null)
        {
            if (!Enum.TryParse<IncidentStatus>(status.Replace("_", ""), ignoreCase: true, out var wanted) || int.TryParse(status, out _))
                return Problems.Invalid($"'status' must be one of investigating, identified, monitoring, resolved; not '{status}'.");
            query = query.Where(i => i.Status == wanted);
        }

        var incidents = await query.OrderByDescending(i => i.StartedAt).ToPagedListAsync(number, PageSize, token);
        var timelines = new List<IncidentTimeline>();
        foreach (var incident in incidents)
            timelines.Add((await session.Events.AggregateStreamAsync<IncidentTimeline>(incident.Id, token: token))!);
        return Results.Ok(new IncidentPage(timelines, number, PageSize, incidents.TotalItemCount));
    }

    /// <summary>
    /// The incident folded from its own events, so it is exact right after a command: as it is now, or as it was at
    /// a version or a moment.
    /// </summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/incidents/{id}", OperationId = "getIncident")]
    public static async Task<IResult> Get(
        Guid id, DateTimeOffset? at, long? version, IQuerySession session, HttpContext http, CancellationToken token)
    {
        if (version is < 1) return Problems.Invalid("'version' starts at 1.");
        var incident = await session.Events.AggregateStreamAsync<IncidentTimeline>(id, version ?? 0, at, token: token);
        if (incident is null) return Problems.NotFound("Incident", id);
        ExpectedVersion.Tag(http, incident.Version);
        return Results.Ok(incident);
    }
}
