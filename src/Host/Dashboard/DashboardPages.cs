using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusPage.Application.Access;
using StatusPage.Application.ApiKeys;
using StatusPage.Application.ComponentGroups;
using StatusPage.Application.Components;
using EmailOptions = StatusPage.Application.Email.EmailOptions;
using StatusPage.Application.History;
using StatusPage.Application.Monitors;
using StatusPage.Application.Http;
using StatusPage.Application.Subscribers;
using StatusPage.Application.Team;
using StatusPage.Application.Webhooks;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Monitors;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Team;
using StatusPage.Host.Dashboard.Pages;
using StatusPage.Host.PublicPages.Html;
using StatusPage.Projections.Incidents;
using StatusPage.Projections.Maintenances;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// The dashboard's pages, rendered on the server. They only read; every change is a form posting to the HTTP API
/// (<see cref="FormBridge"/>), so the dashboard has no second implementation of any operator action.
/// </summary>
public static class DashboardPages
{
    private const int RecentIncidents = 10;
    private const int MaintenanceWindows = 50;
    private const int ChartedChecks = 120;

    public static void MapDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/dashboard").RequireAuthorization(DashboardAuthentication.Policy);
        pages.MapGet("", Overview);
        pages.MapGet("/incidents/{id:guid}", Incident);
        pages.MapGet("/components/{id:guid}", ComponentPage);
        pages.MapGet("/maintenance", Maintenance);
        pages.MapGet("/subscribers", async (HttpContext http, string? state, string? search, int? page, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            // The page's own search form sends its empty choices too: they mean "any".
            (state, search) = (NullIfEmpty(state), NullIfEmpty(search));
            var answer = await ListSubscribersEndpoint.Get(state, search, page, session, token);
            if (answer is not Ok<SubscriberList> { Value: { } list }) return answer;
            return await Page<SubscribersPage>(http, context, new()
            {
                ["List"] = list, ["Components"] = await ReadComponentsEndpoints.List(session, token), ["State"] = state, ["Search"] = search
            });
        });
        pages.MapGet("/webhooks", async (HttpContext http, TimeProvider clock, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            return await Page<WebhooksPage>(http, context, new()
            {
                ["Endpoints"] = await ReadWebhooksEndpoints.List(session, http.User, clock, token), ["Components"] = await ReadComponentsEndpoints.List(session, token)
            });
        });
        pages.MapGet("/webhooks/{id:guid}", Webhook);
        pages.MapGet("/keys", async (HttpContext http, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            var keys = await ListApiKeysEndpoint.Get(http.User, session, token);
            return await Page<KeysPage>(http, context, new() { ["Keys"] = keys });
        }).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/team", async (HttpContext http, TimeProvider clock, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            var team = await ListMembersEndpoint.Get(http.User, session, clock, token);
            return await Page<TeamPage>(http, context, new() { ["Team"] = team });
        }).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/settings", async (HttpContext http, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            return await Page<SettingsPage>(http, context, new());
        }).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/account", async (HttpContext http, CancellationToken token) =>
        {
            var (context, session) = await Open(http, token);
            await using var _ = session;
            return await Page<AccountPage>(http, context, new());
        });
        pages.MapPost("/preview", Preview).TakesForm();
    }

    /// <summary>The whole page now, or with <c>?at=</c> folded from every component's and incident's events as it was then.</summary>
    private static async Task<IResult> Overview(HttpContext http, string? at, TimeProvider clock, CancellationToken token)
    {
        var (context, session) = await Open(http, token);
        await using var _ = session;
        var moment = Moment(at);
        List<Component> components;
        List<ComponentGroup> groups;
        List<IncidentTimeline> incidents;
        if (moment is { } when)
        {
            components = await AsOf<Component>(session, await session.Query<Component>().Select(c => c.Id).ToListAsync(token), when, token);
            groups = await AsOf<ComponentGroup>(session, await session.Query<ComponentGroup>().Select(g => g.Id).ToListAsync(token), when, token);
            var started = await session.Query<Incident>().Where(i => i.StartedAt <= when).OrderByDescending(i => i.StartedAt)
                .Select(i => i.Id).ToListAsync(token);
            incidents = await AsOf<IncidentTimeline>(session, started, when, token);
        }
        else
        {
            components = [.. await ReadComponentsEndpoints.List(session, token)];
            groups = [.. await ListComponentGroupsEndpoint.Get(session, token)];
            var open = await session.Query<Incident>().Where(i => i.Status != IncidentStatus.Resolved).OrderByDescending(i => i.StartedAt)
                .Select(i => i.Id).ToListAsync(token);
            var resolved = await session.Query<Incident>().Where(i => i.Status == IncidentStatus.Resolved).OrderByDescending(i => i.StartedAt)
                .Take(RecentIncidents).Select(i => i.Id).ToListAsync(token);
            incidents = await AsOf<IncidentTimeline>(session, [.. open, .. resolved], null, token);
        }

        return await Page<Overview>(http, context, new()
        {
            ["Components"] = components.Where(c => !c.Removed).ToList(), ["Groups"] = groups.Where(g => !g.Removed).ToList(),
            ["OpenIncidents"] = incidents.Where(i => i.Status != IncidentStatus.Resolved).ToList(),
            ["ResolvedIncidents"] = incidents.Where(i => i.Status == IncidentStatus.Resolved).Take(RecentIncidents).ToList(),
            ["Now"] = clock.GetUtcNow(), ["At"] = moment
        });
    }

    private static async Task<IResult> Incident(HttpContext http, Guid id, string? at, TimeProvider clock, CancellationToken token)
    {
        var (context, session) = await Open(http, token);
        await using var _ = session;
        var moment = Moment(at);
        var first = await session.Events.AggregateStreamAsync<IncidentTimeline>(id, token: token);
        if (first is null) return await NotFound(http, context);
        var incident = moment is { } when ? await session.Events.AggregateStreamAsync<IncidentTimeline>(id, timestamp: when, token: token) : first;
        return await Page<IncidentPage>(http, context, new()
        {
            ["Incident"] = incident ?? first, ["Components"] = await ReadComponentsEndpoints.List(session, token),
            ["History"] = await History(session, context.Organization.Id, id, token), ["Started"] = first.StartedAt, ["Now"] = clock.GetUtcNow(), ["At"] = moment
        });
    }

    /// <param name="email">Its public URL is where monitored jobs reach the heartbeat route, as subscribers reach their links.</param>
    private static async Task<IResult> ComponentPage(HttpContext http, Guid id, EmailOptions email, TimeProvider clock, CancellationToken token)
    {
        var (context, session) = await Open(http, token);
        await using var _ = session;
        var component = await session.LoadAsync<Component>(id, token);
        if (component is null) return await NotFound(http, context);
        var monitors = await ReadMonitorsEndpoints.List(id, session, http, token) is Ok<IEnumerable<ComponentMonitor>> { Value: { } listed } ? listed.ToList() : [];
        var checks = new Dictionary<Guid, IReadOnlyList<CheckRow>>();
        foreach (var monitor in monitors)
            if (await ReadMonitorsEndpoints.ListChecks(monitor.Id, null, null, ChartedChecks, session, clock, token) is Ok<ReadMonitorsEndpoints.CheckHistory> { Value: { } history })
                checks[monitor.Id] = history.Checks;
        return await Page<ComponentPage>(http, context, new()
        {
            ["Component"] = component, ["Groups"] = await ListComponentGroupsEndpoint.Get(session, token),
            ["History"] = await History(session, context.Organization.Id, id, token),
            ["Monitors"] = monitors, ["Checks"] = checks, ["HeartbeatBase"] = email.Link("")
        });
    }

    private static async Task<IResult> Webhook(HttpContext http, Guid id, int? page, TimeProvider clock, CancellationToken token)
    {
        var (context, session) = await Open(http, token);
        await using var _ = session;
        if (await ReadWebhooksEndpoints.Existing(id, session, token) is not { } endpoint) return await NotFound(http, context);
        var answer = await ReadWebhooksEndpoints.Deliveries(id, page, session, token);
        if (answer is not Ok<DeliveryPage> { Value: { } log }) return answer;
        return await Page<WebhookEndpointPage>(http, context, new()
        {
            ["Endpoint"] = WebhookView.Of(endpoint, clock.GetUtcNow(), http.User), ["Log"] = log, ["Components"] = await ReadComponentsEndpoints.List(session, token)
        });
    }

    private static async Task<IResult> Maintenance(HttpContext http, TimeProvider clock, CancellationToken token)
    {
        var (context, session) = await Open(http, token);
        await using var _ = session;
        var ids = await session.Query<Maintenance>().OrderByDescending(m => m.ScheduledFor).Take(MaintenanceWindows).Select(m => m.Id).ToListAsync(token);
        return await Page<MaintenancePage>(http, context, new()
        {
            ["Windows"] = await AsOf<MaintenanceTimeline>(session, ids, null, token),
            ["Components"] = await ReadComponentsEndpoints.List(session, token), ["Now"] = clock.GetUtcNow()
        });
    }

    /// <summary>Operators' markdown as readers will see it: the public page's rendering, made safe the same way.</summary>
    private static async Task<IResult> Preview(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Invalid("The antiforgery token is missing or invalid.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return Results.Content(Words.Markdown(form["markdown"].ToString()).Value, "text/html; charset=utf-8");
    }

    /// <summary>The stream's events, with the people and keys of the organization named, so an auditor reads "who" at a glance.</summary>
    private static async Task<AuditTrail> History(IQuerySession session, Guid organizationId, Guid id, CancellationToken token)
    {
        var events = (await session.Events.FetchStreamAsync(id, token: token)).Select(StreamHistoryEndpoints.Entry).ToList();
        var members = await session.Query<Member>().Where(m => m.OrganizationId == organizationId).ToListAsync(token);
        var keys = await session.Query<ApiKey>().Where(k => k.OrganizationId == organizationId).ToListAsync(token);
        var actors = members.DistinctBy(m => m.OperatorId).Select(m => ($"user:{m.OperatorId}", $"{m.Name} <{m.Email}>"))
            .Concat(keys.Select(k => ($"apikey:{k.Id}", $"API key '{k.Name}'")))
            .ToDictionary(a => a.Item1, a => a.Item2);
        return new AuditTrail(events, actors);
    }

    private static async Task<List<T>> AsOf<T>(IQuerySession session, IEnumerable<Guid> ids, DateTimeOffset? at, CancellationToken token) where T : class
    {
        var folded = new List<T>();
        foreach (var id in ids)
            if (await session.Events.AggregateStreamAsync<T>(id, timestamp: at, token: token) is { } state) folded.Add(state);
        return folded;
    }

    /// <summary>The slider sends Unix seconds; links send ISO 8601 times.</summary>
    private static DateTimeOffset? Moment(string? at) =>
        long.TryParse(at, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds)
        : DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task<(DashboardContext, IQuerySession)> Open(HttpContext http, CancellationToken token)
    {
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        var organizationId = http.User.OrganizationId()!.Value;
        var session = store.QuerySession(organizationId.ToString());
        var organization = (await session.LoadAsync<Organization>(organizationId, token))!;
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(organization.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var context = new DashboardContext(Forms(http), organization, DashboardContext.RoleOf(http.User),
            http.User.FindFirstValue(ClaimTypes.GivenName) ?? http.User.Actor(), zone);
        return (context, session);
    }

    public static FormContext Forms(HttpContext http) => new(
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!, http.Request.Path,
        http.Items[FormState.ItemKey] as FormState);

    private static Task<IResult> NotFound(HttpContext http, DashboardContext context) =>
        Page<MessagePage>(http, context, new() { ["Title"] = "Not found", ["Text"] = "There is nothing at this address in your organization." },
            StatusCodes.Status404NotFound);

    private static Task<IResult> Page<T>(HttpContext http, DashboardContext context, Dictionary<string, object?> parameters, int? status = null)
        where T : IComponent
    {
        parameters["Context"] = context;
        return Html<T>(http, parameters, status);
    }

    /// <summary>
    /// A page shown again after the API refused its form answers with the API's status (400, 403, 409…), so
    /// browsers and tests see the refusal for what it is.
    /// </summary>
    public static async Task<IResult> Html<T>(HttpContext http, Dictionary<string, object?> parameters, int? status = null) where T : IComponent
    {
        var html = await PublicHtml.Render<T>(http.RequestServices, parameters);
        http.Response.Headers.CacheControl = "no-store";
        var refused = http.Items[FormState.ItemKey] is FormState { Error: not null } state ? state.Status : (int?)null;
        return Results.Text(System.Text.Encoding.UTF8.GetString(html), "text/html; charset=utf-8", statusCode: status ?? refused);
    }
}
