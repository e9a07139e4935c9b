using StatusPage.Application.Storage;
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
        if (!Paging.TryNumber(page, PageSize, out var number, out var refusal)) return refusal;
        IQueryable<Incident> query = session.Query<Incident>();
        if (status is not null)
        {
            if (!Paging.TryStatus<IncidentStatus>(status, out var wanted))
                return Problems.Invalid("status", $"'status' must be one of investigating, identified, monitoring, resolved; not '{status}'.");
            query = query.Where(i => i.Status == wanted);
        }

        var (incidents, total) = await Timelines.Page<Incident, IncidentTimeline>(
            query.OrderByDescending(i => i.StartedAt), i => i.Id, number, PageSize, session, token);
        return Results.Ok(new IncidentPage(incidents, number, PageSize, total));
    }

    /// <summary>
    /// The incident folded from its own events, so it is exact right after a command: as it is now, or as it was at
    /// a version or a moment.
    /// </summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/incidents/{id}", OperationId = "getIncident")]
    public static Task<IResult> Get(
        Guid id, DateTimeOffset? at, long? version, IQuerySession session, HttpContext http, CancellationToken token) =>
        Timelines.One<IncidentTimeline>("Incident", id, at, version, i => i.Version, session, http, token);
}
