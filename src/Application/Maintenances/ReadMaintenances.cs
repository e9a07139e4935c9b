using StatusPage.Application.Storage;
using StatusPage.Domain.Maintenances;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Application.Maintenances;

public sealed record MaintenancePage(IReadOnlyList<MaintenanceTimeline> Maintenances, int Page, int PageSize, long Total);

public static class ReadMaintenancesEndpoints
{
    private const int PageSize = 25;

    /// <summary>A page of maintenances, latest window first, each with its whole timeline folded from its events.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/maintenances", OperationId = "listMaintenances")]
    public static async Task<IResult> List(string? status, int? page, IQuerySession session, CancellationToken token)
    {
        if (!Paging.TryNumber(page, PageSize, out var number, out var refusal)) return refusal;
        IQueryable<Maintenance> query = session.Query<Maintenance>();
        if (status is not null)
        {
            if (!Paging.TryStatus<MaintenanceStatus>(status, out var wanted))
                return Problems.Invalid("status", $"'status' must be one of scheduled, in_progress, verifying, completed, cancelled; not '{status}'.");
            query = query.Where(m => m.Status == wanted);
        }

        var (maintenances, total) = await Timelines.Page<Maintenance, MaintenanceTimeline>(
            query.OrderByDescending(m => m.ScheduledFor), m => m.Id, number, PageSize, session, token);
        return Results.Ok(new MaintenancePage(maintenances, number, PageSize, total));
    }

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/maintenances/{id}", OperationId = "getMaintenance")]
    public static Task<IResult> Get(
        Guid id, DateTimeOffset? at, long? version, IQuerySession session, HttpContext http, CancellationToken token) =>
        Timelines.One<MaintenanceTimeline>("Maintenance", id, at, version, m => m.Version, session, http, token);
}
