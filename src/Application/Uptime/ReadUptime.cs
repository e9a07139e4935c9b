using System.Security.Claims;
using StatusPage.Domain.Components;
using StatusPage.Domain.Organizations;
using Rules = StatusPage.Domain.Components.Uptime;

namespace StatusPage.Application.Uptime;

/// <summary>
/// A component's uptime from its status history (REFERENCE §6 weights): daily bars and the % for the days asked
/// (<c>from</c>/<c>to</c>, dates in the organization's time zone, both included; a calendar month gives its SLA figure),
/// and the rolling 24 hours, 7, 30 and 90 days up to now.
/// </summary>
public static class ReadUptimeEndpoint
{
    public const int MaxDays = 366;

    public sealed record Bar(DateOnly Date, ComponentStatus? Worst, double? Percent, double MajorOutageMinutes, double PartialOutageMinutes);

    public sealed record Report(
        Guid ComponentId, DateOnly From, DateOnly To, string TimeZone, double? Percent, IReadOnlyList<Bar> Days,
        double? Last24Hours, double? Last7Days, double? Last30Days, double? Last90Days);

    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/components/{id}/uptime", OperationId = "getComponentUptime")]
    public static async Task<IResult> Get(
        Guid id, DateOnly? from, DateOnly? to, ClaimsPrincipal user, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var component = await session.LoadAsync<Component>(id, token);
        if (component is null or { Removed: true }) return Problems.NotFound("Component", id);
        var organization = await session.LoadAsync<Organization>(user.OrganizationId()!.Value, token);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(organization!.TimeZone);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-89);
        if (first > last) return Problems.Invalid("from", "'from' must not be after 'to'.");
        if (last.DayNumber - first.DayNumber >= MaxDays) return Problems.Invalid("to", $"At most {MaxDays} days at a time.");

        var since = new[] { now.AddDays(-91), new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(-1) }.Min();
        var history = (await StatusHistories.Since(session, [StatusNow.Of(component)], since, token))[id];
        var days = Rules.Days(history, last, last.DayNumber - first.DayNumber + 1, zone, now);
        double? Rolling(int count) => Rules.Percent(Rules.Days(history, today, count, zone, now));
        return Results.Ok(new Report(id, first, last, organization.TimeZone, Rules.Percent(days),
            days.Select(d => new Bar(d.Date, d.Worst, d.Percent, d.MajorOutage.TotalMinutes, d.PartialOutage.TotalMinutes)).ToList(),
            Rules.Window(history, now.AddDays(-1), now, now).Percent, Rolling(7), Rolling(30), Rolling(90)));
    }
}
