using Marten.Pagination;
using StatusPage.Application.Email;
using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;

namespace StatusPage.Application.Alerts;

/// <summary>A source as the API shows it: never its token.</summary>
/// <param name="Firing">How many of its alerts are firing now.</param>
public sealed record AlertSourceView(
    Guid Id, long Version, string Name, AlertSourceKind Kind, string Url, string ComponentLabel,
    IReadOnlyDictionary<string, ComponentStatus> Severities, bool OpenIncidents, bool AutoResolve, int Firing, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static string UrlOf(Guid id, EmailOptions links) => links.Link($"/api/alerts/{id}");

    public static AlertSourceView Of(AlertSource s, EmailOptions links) => new(
        s.Id, s.Version, s.Name, s.Kind, UrlOf(s.Id, links), s.ComponentLabel, s.Severities, s.OpenIncidents, s.AutoResolve, s.Firing.Count,
        s.CreatedAt, s.UpdatedAt);
}

public sealed record AlertLogPage(IReadOnlyList<AlertReceipt> Notifications, int Page, int PageSize, long Total);

public static class ReadAlertSourcesEndpoints
{
    private const int PageSize = 25;

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/alert-sources", OperationId = "listAlertSources")]
    public static async Task<IReadOnlyList<AlertSourceView>> List(IQuerySession session, EmailOptions links, CancellationToken token) =>
        (await session.Query<AlertSource>().Where(s => !s.Removed).OrderBy(s => s.CreatedAt).ToListAsync(token))
        .Select(s => AlertSourceView.Of(s, links)).ToList();

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/alert-sources/{id}", OperationId = "getAlertSource")]
    public static async Task<IResult> Get(Guid id, IQuerySession session, EmailOptions links, HttpContext http, CancellationToken token)
    {
        if (await Existing(id, session, token) is not { } source) return Problems.NotFound("Alert source", id);
        ExpectedVersion.Tag(http, source.Version);
        return Results.Ok(AlertSourceView.Of(source, links));
    }

    /// <summary>What each notification the source sent did, newest first, 25 a page, for the last 14 days.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/alert-sources/{id}/log", OperationId = "listAlertSourceLog")]
    public static async Task<IResult> Log(Guid id, int? page, IQuerySession session, CancellationToken token)
    {
        if (!Paging.TryNumber(page, PageSize, out var number, out var refusal)) return refusal;
        if (await Existing(id, session, token) is null) return Problems.NotFound("Alert source", id);
        var receipts = await session.Query<AlertReceipt>().Where(r => r.SourceId == id).OrderByDescending(r => r.ReceivedAt)
            .ToPagedListAsync(number, PageSize, token);
        return Results.Ok(new AlertLogPage(receipts.ToList(), number, PageSize, receipts.TotalItemCount));
    }

    private static async Task<AlertSource?> Existing(Guid id, IQuerySession session, CancellationToken token) =>
        await session.LoadAsync<AlertSource>(id, token) is { Removed: false } source ? source : null;
}
