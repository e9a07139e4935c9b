using StatusPage.Projections;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using StatusPage.Application.Access;
using StatusPage.Application.Dashboard;
using EmailOptions = StatusPage.Application.Email.EmailOptions;
using StatusPage.Application.Http;
using StatusPage.Host.Dashboard.Pages;
using StatusPage.Host.PublicPages.Html;

namespace StatusPage.Host.Dashboard;

/// <summary>
/// The dashboard's pages, rendered on the server. They only read; every change is a form posting to the HTTP API
/// (<see cref="FormBridge"/>), so the dashboard has no second implementation of any operator action.
/// </summary>
public static class DashboardPages
{
    public static void MapDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        var pages = endpoints.MapGroup("/dashboard").RequireAuthorization(DashboardAuthentication.Policy);
        pages.MapGet("", Overview);
        pages.MapGet("/incidents/{id:guid}", Incident);
        pages.MapGet("/components/{id:guid}", ComponentPage);
        pages.MapGet("/maintenance", Maintenance);
        pages.MapGet("/subscribers", async (HttpContext http, string? state, string? search, int? page, CancellationToken token) =>
        {
            var context = await Context(http, token);
            // The page's own search form sends its empty choices too: they mean "any".
            (state, search) = (NullIfEmpty(state), NullIfEmpty(search));
            var answer = await DashboardSubscribers.Load(Reads(http), context.Organization.Id, state, search, page, token);
            if (answer is not Ok<DashboardSubscribers> { Value: { } view }) return answer;
            return await Page<SubscribersPage>(http, context, new()
            {
                ["List"] = view.List, ["Components"] = view.Components, ["State"] = state, ["Search"] = search
            });
        });
        pages.MapGet("/webhooks", async (HttpContext http, TimeProvider clock, CancellationToken token) =>
        {
            var context = await Context(http, token);
            var view = await DashboardWebhooks.Load(Reads(http), context.Organization.Id, http.User, clock, token);
            return await Page<WebhooksPage>(http, context, new() { ["Endpoints"] = view.Endpoints, ["Components"] = view.Components });
        });
        pages.MapGet("/webhooks/{id:guid}", Webhook);
        pages.MapGet("/keys", async (HttpContext http, CancellationToken token) =>
        {
            var context = await Context(http, token);
            var keys = await DashboardTeam.Keys(Reads(http), context.Organization.Id, http.User, token);
            return await Page<KeysPage>(http, context, new() { ["Keys"] = keys });
        }).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/team", async (HttpContext http, TimeProvider clock, CancellationToken token) =>
        {
            var context = await Context(http, token);
            var team = await DashboardTeam.Members(Reads(http), context.Organization.Id, http.User, clock, token);
            return await Page<TeamPage>(http, context, new() { ["Team"] = team });
        }).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/settings", async (HttpContext http, CancellationToken token) =>
            await Page<SettingsPage>(http, await Context(http, token), new())).RequireAuthorization(DashboardAuthentication.OwnerPolicy);
        pages.MapGet("/account", async (HttpContext http, CancellationToken token) => await Page<AccountPage>(http, await Context(http, token), new()));
        pages.MapPost("/preview", Preview).TakesForm();
    }

    /// <summary>The whole page now, or with <c>?at=</c> as it was then.</summary>
    private static async Task<IResult> Overview(HttpContext http, string? at, TimeProvider clock, CancellationToken token)
    {
        var context = await Context(http, token);
        var moment = Moment(at);
        var view = await DashboardOverview.Load(Reads(http), context.Organization.Id, moment, token);
        return await Page<Overview>(http, context, new()
        {
            ["Components"] = view.Components, ["Groups"] = view.Groups, ["OpenIncidents"] = view.OpenIncidents,
            ["ResolvedIncidents"] = view.ResolvedIncidents, ["Now"] = clock.GetUtcNow(), ["At"] = moment
        });
    }

    private static async Task<IResult> Incident(HttpContext http, Guid id, string? at, TimeProvider clock, CancellationToken token)
    {
        var context = await Context(http, token);
        var moment = Moment(at);
        if (await DashboardIncident.Load(Reads(http), context.Organization.Id, id, moment, token) is not { } view) return await NotFound(http, context);
        return await Page<IncidentPage>(http, context, new()
        {
            ["Incident"] = view.Incident, ["Components"] = view.Components, ["History"] = view.History, ["Started"] = view.Started,
            ["Now"] = clock.GetUtcNow(), ["At"] = moment
        });
    }

    /// <param name="email">Its public URL is where monitored jobs reach the heartbeat route, as subscribers reach their links.</param>
    private static async Task<IResult> ComponentPage(HttpContext http, Guid id, EmailOptions email, TimeProvider clock, CancellationToken token)
    {
        var context = await Context(http, token);
        if (await DashboardComponent.Load(Reads(http), context.Organization.Id, id, http, clock, token) is not { } view) return await NotFound(http, context);
        return await Page<ComponentPage>(http, context, new()
        {
            ["Component"] = view.Component, ["Groups"] = view.Groups, ["History"] = view.History,
            ["Monitors"] = view.Monitors, ["Checks"] = view.Checks, ["HeartbeatBase"] = email.Link("")
        });
    }

    private static async Task<IResult> Webhook(HttpContext http, Guid id, int? page, TimeProvider clock, CancellationToken token)
    {
        var context = await Context(http, token);
        var answer = await DashboardWebhook.Load(Reads(http), context.Organization.Id, id, page, http.User, clock, token);
        if (answer is null) return await NotFound(http, context);
        if (answer is not Ok<DashboardWebhook> { Value: { } view }) return answer;
        return await Page<WebhookEndpointPage>(http, context, new()
        {
            ["Endpoint"] = view.Endpoint, ["Log"] = view.Log, ["Components"] = view.Components
        });
    }

    private static async Task<IResult> Maintenance(HttpContext http, TimeProvider clock, CancellationToken token)
    {
        var context = await Context(http, token);
        var view = await DashboardMaintenance.Load(Reads(http), context.Organization.Id, token);
        return await Page<MaintenancePage>(http, context, new()
        {
            ["Windows"] = view.Windows, ["Components"] = view.Components, ["Now"] = clock.GetUtcNow()
        });
    }

    /// <summary>Operators' markdown as readers will see it: the public page's rendering, made safe the same way.</summary>
    private static async Task<IResult> Preview(HttpContext http, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) return Problems.Invalid("The antiforgery token is missing or invalid.");
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        return Results.Content(Words.Markdown(form["markdown"].ToString()).Value, "text/html; charset=utf-8");
    }

    /// <summary>The slider sends Unix seconds; links send ISO 8601 times.</summary>
    private static DateTimeOffset? Moment(string? at) =>
        long.TryParse(at, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds)
        : DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static async Task<DashboardContext> Context(HttpContext http, CancellationToken token)
    {
        var organization = await DashboardDoors.Organization(Reads(http), http.User.OrganizationId()!.Value, token);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(organization.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        return new DashboardContext(Forms(http), organization, DashboardContext.RoleOf(http.User),
            http.User.FindFirstValue(ClaimTypes.GivenName) ?? http.User.Actor(), zone);
    }

    private static ReadSide Reads(HttpContext http) => http.RequestServices.GetRequiredService<ReadSide>();

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
