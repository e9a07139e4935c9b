using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Maintenances;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Pages;
using StatusPage.Projections.Live;
using StatusPage.Projections.Pages;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class MaintenancesTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_window_is_rescheduled_run_by_hand_and_completed_giving_back_what_nobody_changed_meanwhile()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{db}"), new { status = "degraded_performance" });
        var from = fixture.Clock.GetUtcNow().AddDays(1);
        var id = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, api, db);

        var scheduled = await org.Maintenance(id);
        Assert.Equal(("scheduled", 1L), (scheduled.Status, scheduled.Version));
        Assert.Equal(["API", "Database"], scheduled.Components.Select(c => c.Name));

        var reschedule = Patch(org, id, "1", new { name = "Bigger upgrade", scheduledFor = from.AddDays(1), scheduledUntil = from.AddDays(1).AddHours(3) });
        Assert.Equal(3, (await (await org.Owner.SendAsync(reschedule)).Answer<WrittenAnswer>()).Version);
        await (await org.Owner.SendAsync(Patch(org, id, "1", new { name = "Lost race" }))).AssertProblem(409);

        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(id, "in_progress")).StatusCode);
        Assert.Equal(["under_maintenance", "under_maintenance"], await Statuses(org, api, db));
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{id}"), new { scheduledFor = from })).AssertProblem(409);
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{id}"), new { scheduledUntil = from.AddDays(2) })).StatusCode);
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "major_outage" });

        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(id, "completed")).StatusCode);
        Assert.Equal(["major_outage", "degraded_performance"], await Statuses(org, api, db));
        await (await org.PostMaintenanceUpdate(id, "completed")).AssertProblem(409);
        await (await org.Owner.PostAsync(org.Api($"/maintenances/{id}/cancel"), null)).AssertProblem(409);

        var read = await org.Maintenance(id);
        Assert.Equal(("Bigger upgrade", "completed"), (read.Name, read.Status));
        Assert.Equal(["completed", "in_progress", "scheduled"], read.Updates.Select(u => u.Status));
        Assert.Equal("scheduled", (await org.Maintenance(id, "?version=1")).Status);

        var history = await org.Events($"/maintenances/{id}");
        Assert.Equal(["maintenance_scheduled", "maintenance_renamed", "maintenance_rescheduled", "maintenance_update_posted",
            "maintenance_rescheduled", "maintenance_update_posted"], history.Select(e => e.Type));
        Assert.All(history, e => Assert.StartsWith("apikey:", e.Actor));
        var dbHistory = await org.Events($"/components/{db}");
        Assert.Equal(["operator", "maintenance", "maintenance"], dbHistory.Skip(1).Select(e => e.DataAs<SourceAnswer>().Source));

        Assert.Equal([id], (await org.Maintenances("?status=completed")).Select(m => m.Id));
        Assert.Empty(await org.Maintenances("?status=in_progress"));
        await (await org.Owner.GetAsync(org.Api("/maintenances?status=exploded"))).AssertProblem(400);
    }

    [Fact]
    public async Task Overlapping_windows_hold_a_component_until_the_last_ends_even_when_one_is_cancelled()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{db}"), new { status = "degraded_performance" });
        var from = fixture.Clock.GetUtcNow().AddDays(1);
        var upgrade = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, api, db);
        var migration = await org.ScheduleMaintenance(from.AddHours(1), from.AddHours(3), autoStart: false, db);

        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(upgrade, "in_progress")).StatusCode);
        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(migration, "in_progress")).StatusCode);
        Assert.Equal(200, (int)(await org.PostMaintenanceUpdate(upgrade, "completed")).StatusCode);
        Assert.Equal(["operational", "under_maintenance"], await Statuses(org, api, db));

        Assert.Equal(200, (int)(await org.Owner.PostAsync(org.Api($"/maintenances/{migration}/cancel"), null)).StatusCode);
        Assert.Equal(["operational", "degraded_performance"], await Statuses(org, api, db));
    }

    [Fact]
    public async Task With_auto_transitions_the_window_is_planned_durably_and_starts_and_completes_by_the_clock()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{db}"), new { status = "degraded_performance" });
        var from = MaintenanceRequests.WholeSeconds(fixture.Clock.GetUtcNow().AddHours(1));
        var until = from.AddHours(1);
        var id = await org.ScheduleMaintenance(from, until, autoStart: true, api, db);

        var planned = await Planned(id);
        Assert.Equal([from, until], planned.Select(p => p.At));
        Assert.Equal([org.Id.ToString(), org.Id.ToString()], planned.Select(p => p.Tenant));

        await Deliver(org, new StartMaintenance(id, from));
        Assert.Equal("scheduled", (await org.Maintenance(id)).Status);

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await Deliver(org, new StartMaintenance(id, from));
        await Deliver(org, new StartMaintenance(id, from));
        var started = await org.Maintenance(id);
        Assert.Equal(("in_progress", 2L), (started.Status, started.Version));
        Assert.True(started.Updates[0].Automatic);
        Assert.Equal(["under_maintenance", "under_maintenance"], await Statuses(org, api, db));

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "partial_outage" });
        fixture.Clock.Advance(TimeSpan.FromHours(1));
        await Deliver(org, new CompleteMaintenance(id, until));
        Assert.Equal("completed", (await org.Maintenance(id)).Status);
        Assert.Equal(["partial_outage", "degraded_performance"], await Statuses(org, api, db));

        var history = await org.Events($"/maintenances/{id}");
        Assert.Equal(3, history.Count);
        Assert.All(history.Skip(1), e => Assert.True(e.DataAs<AutomaticAnswer>().Automatic));
    }

    [Fact]
    public async Task A_reschedule_plans_anew_and_a_cancelled_window_gives_components_back_and_ignores_its_old_plans()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var from = MaintenanceRequests.WholeSeconds(fixture.Clock.GetUtcNow().AddHours(1));
        var id = await org.ScheduleMaintenance(from, from.AddHours(1), autoStart: true, api);

        var later = from.AddHours(2);
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{id}"), new { scheduledFor = later, scheduledUntil = later.AddHours(1) })).StatusCode);
        Assert.Equal([from, from.AddHours(1), later, later.AddHours(1)], (await Planned(id)).Select(p => p.At));

        fixture.Clock.Advance(TimeSpan.FromHours(3));
        await Deliver(org, new StartMaintenance(id, from));
        Assert.Equal("scheduled", (await org.Maintenance(id)).Status);
        await Deliver(org, new StartMaintenance(id, later));
        Assert.Equal(["under_maintenance"], await Statuses(org, api));

        var cancel = new HttpRequestMessage(HttpMethod.Post, org.Api($"/maintenances/{id}/cancel"));
        cancel.Headers.TryAddWithoutValidation("If-Match", "\"3\"");
        Assert.Equal(4, (await (await org.Owner.SendAsync(cancel)).Answer<WrittenAnswer>()).Version);
        Assert.Equal(["operational"], await Statuses(org, api));
        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await Deliver(org, new CompleteMaintenance(id, later.AddHours(1)));
        var cancelled = await org.Maintenance(id);
        Assert.Equal(("cancelled", 4L), (cancelled.Status, cancelled.Version));
        await (await org.PostMaintenanceUpdate(id, "in_progress")).AssertProblem(409);
    }

    [Fact]
    public async Task Bad_input_is_400_and_stores_nothing()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var from = fixture.Clock.GetUtcNow().AddDays(1);
        var bodies = new object[]
        {
            new { name = "Backwards", message = "m", scheduledFor = from, scheduledUntil = from.AddHours(-1) },
            new { name = "Empty", message = "m", scheduledFor = from, scheduledUntil = from },
            new { name = "No times", message = "m" },
            new { name = "Ghost", message = "m", scheduledFor = from, scheduledUntil = from.AddHours(1), components = new[] { api, Guid.NewGuid() } },
            new { name = "", message = "m", scheduledFor = from, scheduledUntil = from.AddHours(1) },
            new { name = "No message", scheduledFor = from, scheduledUntil = from.AddHours(1) },
        };
        foreach (var body in bodies) await (await org.Owner.PostAsJsonAsync(org.Api("/maintenances"), body)).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/maintenances"), "{\"name\": ")).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/maintenances"), "{\"name\": \"x\", \"scheduledFor\": \"soon\"}")).AssertProblem(400);
        Assert.Empty(await org.Maintenances());

        var id = await org.ScheduleMaintenance(from, from.AddHours(1), autoStart: false, api);
        await (await org.PostMaintenanceUpdate(id, "panicking")).AssertProblem(400);
        await (await org.PostMaintenanceUpdate(id, "cancelled")).AssertProblem(400);
        await (await org.Owner.PostAsJsonAsync(org.Api($"/maintenances/{id}/updates"), new { status = "in_progress" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{id}"), new { scheduledUntil = from.AddHours(-1) })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{id}"), new { autoStart = "yes" })).AssertProblem(400);
        var ifMatch = new HttpRequestMessage(HttpMethod.Post, org.Api($"/maintenances/{id}/cancel"));
        ifMatch.Headers.TryAddWithoutValidation("If-Match", "\"not-a-version\"");
        await (await org.Owner.SendAsync(ifMatch)).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api($"/maintenances/{Guid.NewGuid()}"))).AssertProblem(404);
        await (await org.Owner.PostAsync(org.Api($"/maintenances/{Guid.NewGuid()}/cancel"), null)).AssertProblem(404);
        await (await org.Owner.GetAsync(org.Api($"/maintenances/{api}/events"))).AssertProblem(404);

        Assert.Equal(1, (await org.Maintenance(id)).Version);
        Assert.Equal(["operational"], await Statuses(org, api));
    }

    [Fact]
    public async Task Another_organizations_key_gets_404_for_every_maintenance_route()
    {
        var victim = await fixture.NewOrganization();
        var component = await victim.AddComponent();
        var id = await victim.ScheduleMaintenance(fixture.Clock.GetUtcNow().AddDays(1), fixture.Clock.GetUtcNow().AddDays(2), autoStart: true, component);
        var before = (await victim.Get($"/maintenances/{id}")).ToJsonString();

        var intruder = await fixture.NewOrganization();
        var client = intruder.Owner;
        foreach (var org in new[] { victim.Id.ToString(), victim.Slug, intruder.Id.ToString() })
        {
            var o = $"/api/orgs/{org}/maintenances";
            var requests = new List<Func<Task<HttpResponseMessage>>>
            {
                () => client.GetAsync($"{o}/{id}"),
                () => client.GetAsync($"{o}/{id}/events"),
                () => client.PatchAsJsonAsync($"{o}/{id}", new { name = "Mine" }),
                () => client.PostAsJsonAsync($"{o}/{id}/updates", new { status = "in_progress", message = "Mine now" }),
                () => client.PostAsync($"{o}/{id}/cancel", null),
            };
            if (org != intruder.Id.ToString())
            {
                requests.Add(() => client.GetAsync(o));
                requests.Add(() => client.PostAsJsonAsync(o, new { name = "Planted", message = "m", scheduledFor = DateTimeOffset.UtcNow, scheduledUntil = DateTimeOffset.UtcNow.AddHours(1) }));
            }

            foreach (var request in requests) await (await request()).AssertProblem(404);
        }

        var borrowed = await client.PostAsJsonAsync(intruder.Api("/maintenances"), new
        {
            name = "Borrowed", message = "Their component", scheduledFor = DateTimeOffset.UtcNow, scheduledUntil = DateTimeOffset.UtcNow.AddHours(1),
            components = new[] { component }
        });
        await borrowed.AssertProblem(400);
        Assert.Equal(before, (await victim.Get($"/maintenances/{id}")).ToJsonString());
    }

    [Fact]
    public async Task The_page_shows_upcoming_and_active_windows_and_live_updates_name_each_step()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var from = fixture.Clock.GetUtcNow().AddDays(1);
        var upcoming = await org.ScheduleMaintenance(from, from.AddHours(1), autoStart: false, api);
        var active = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, api);
        await org.PostMaintenanceUpdate(active, "in_progress");

        var page = await Page(org);
        Assert.Equal((MaintenanceStatus.Scheduled, MaintenanceStatus.InProgress),
            (page.OpenMaintenances[upcoming].Status, page.OpenMaintenances[active].Status));
        Assert.Equal([api], page.OpenMaintenances[active].ComponentIds);
        Assert.Equal(StatusIndicator.Maintenance, page.Indicator);

        await org.PostMaintenanceUpdate(active, "verifying");
        await org.PostMaintenanceUpdate(active, "completed");
        await org.Owner.PostAsync(org.Api($"/maintenances/{upcoming}/cancel"), null);
        page = await Page(org);
        Assert.Empty(page.OpenMaintenances);
        Assert.Equal(StatusIndicator.None, page.Indicator);

        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession(org.Id.ToString());
        var events = (await session.Events.FetchStreamAsync(active)).Concat(await session.Events.FetchStreamAsync(upcoming)).ToList();
        var updates = await LiveUpdates.For(session, events, CancellationToken.None);
        Assert.Equal(["maintenance:scheduled", "maintenance:scheduled", "maintenance:started", "maintenance:updated", "maintenance:completed",
            "maintenance:cancelled"], updates.Select(u => u.Topic));
        Assert.All(updates, u => Assert.True(u.Public));
        Assert.Equal(["scheduled", "scheduled", "in_progress", "verifying", "completed", "cancelled"],
            updates.Select(u => u.Data.GetProperty("status").GetString()));
    }

    private async Task<PageView> Page(TestOrganization org)
    {
        await fixture.Settled();
        await using var session = fixture.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return (await session.LoadAsync<PageView>(org.Id.ToString()))!;
    }

    /// <summary>Hands a planned transition to the handler as the durable agent would when its time comes, for the organization's tenant.</summary>
    private Task Deliver(TestOrganization org, object message) =>
        fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(bus => bus.InvokeForTenantAsync(org.Id.ToString(), message)));

    /// <summary>The transitions of a maintenance waiting in Wolverine's durable inbox, in time order.</summary>
    private async Task<List<(DateTimeOffset At, string? Tenant)>> Planned(Guid maintenanceId)
    {
        var incoming = await fixture.Host.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.AllIncomingAsync();
        return incoming
            .Where(e => e.Status == EnvelopeStatus.Scheduled && e.Data is not null
                        && JsonNode.Parse(e.Data, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!["maintenanceId"]?.GetValue<Guid>() == maintenanceId)
            .Select(e => (e.ScheduledTime!.Value, e.TenantId))
            .OrderBy(p => p.Item1)
            .ToList();
    }

    private static HttpRequestMessage Patch(TestOrganization org, Guid id, string version, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, org.Api($"/maintenances/{id}")) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        return request;
    }

    private static async Task<string[]> Statuses(TestOrganization org, params Guid[] components)
    {
        var statuses = new List<string>();
        foreach (var component in components) statuses.Add((await org.Component(component)).Status);
        return statuses.ToArray();
    }
}

public static class MaintenanceRequests
{
    /// <summary>A window over the given components; with <paramref name="autoStart"/> it also completes by itself.</summary>
    public static async Task<Guid> ScheduleMaintenance(
        this TestOrganization org, DateTimeOffset from, DateTimeOffset until, bool autoStart, params Guid[] components)
    {
        var response = await org.Owner.PostAsJsonAsync(org.Api("/maintenances"), new
        {
            name = "Database upgrade", message = "Expect a short read-only period.", components, scheduledFor = from, scheduledUntil = until,
            autoStart, autoComplete = autoStart
        });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Id();
    }

    public static Task<MaintenanceAnswer> Maintenance(this TestOrganization org, Guid id, string query = "") =>
        org.Get<MaintenanceAnswer>($"/maintenances/{id}{query}");

    public static async Task<List<MaintenanceAnswer>> Maintenances(this TestOrganization org, string query = "") =>
        (await org.Get<MaintenancePageAnswer>("/maintenances" + query)).Maintenances;

    /// <summary>The durable inbox keeps times to the microsecond; whole seconds compare exactly.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    public static Task<HttpResponseMessage> PostMaintenanceUpdate(this TestOrganization org, Guid id, string status) =>
        org.Owner.PostAsJsonAsync(org.Api($"/maintenances/{id}/updates"), new { status, message = $"Now {status}." });
}
