using StatusPage.Integration.Tests.Email;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json;
using Alba;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Webhooks;
using StatusPage.Domain.Webhooks;
using Wolverine;
using Wolverine.Runtime;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests.Webhooks;

[Collection(StatusPageCollection.Name)]
public sealed class WebhooksTests(StatusPageFixture fixture) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task An_endpoints_secret_is_shown_once_when_registered_and_never_when_it_is_read()
    {
        var org = await fixture.NewOrganization();
        var (id, secret) = await org.RegisterWebhook(_receiver.Url("/managed"), new { description = "Ops", eventTypes = new[] { "incident.created" } });
        Assert.StartsWith("whsec_", secret);
        Assert.InRange(Convert.FromBase64String(secret[6..]).Length, 24, 64);

        var shown = await org.Webhook(id);
        Assert.Equal((_receiver.Url("/managed"), "Ops", true), (shown.Url, shown.Description, shown.Enabled));
        Assert.Equal(["incident.created"], shown.EventTypes);
        var wire = (await org.Get($"/webhooks/{id}")).ToJsonString();
        Assert.DoesNotContain(secret[6..], wire);
        Assert.DoesNotContain("secret\"", wire, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_endpoint_is_changed_its_secret_rotated_and_removed_over_the_api_and_every_change_is_an_event()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var (id, secret) = await org.RegisterWebhook(_receiver.Url("/managed"), new { description = "Ops", eventTypes = new[] { "incident.created" } });

        var patched = await org.Owner.PatchAsJsonAsync(org.Api($"/webhooks/{id}"), new { eventTypes = Array.Empty<string>(), componentIds = new[] { api }, enabled = false });
        Assert.Equal(200, (int)patched.StatusCode);
        var listed = Assert.Single(await org.Webhooks());
        Assert.Equal((false, 0, api), (listed.Enabled, listed.EventTypes.Count, listed.ComponentIds[0]));

        Assert.NotEqual(secret, await Rotate(org, id));
        Assert.NotNull((await org.Webhook(id)).PreviousSecretUntil);

        Assert.Equal(204, (int)(await org.Owner.DeleteAsync(org.Api($"/webhooks/{id}"))).StatusCode);
        await (await org.Owner.GetAsync(org.Api($"/webhooks/{id}"))).AssertProblem(404);
        Assert.Empty(await org.Webhooks());

        var history = await org.Events($"/webhooks/{id}");
        Assert.Equal(["webhook_endpoint_registered", "webhook_endpoint_changed", "webhook_endpoint_disabled", "webhook_secret_rotated", "webhook_endpoint_removed"],
            history.Select(e => e.Type));
        Assert.All(history, e => Assert.StartsWith("apikey:", e.Actor));
        Assert.DoesNotContain(secret[6..], (await org.Get($"/webhooks/{id}/events")).ToJsonString());
    }

    [Fact]
    public async Task Viewers_and_the_history_see_the_url_without_path_and_query_and_nobody_sees_the_encrypted_secret()
    {
        var org = await fixture.NewOrganization();
        var url = _receiver.Url("/services/T000/B000/bearer-part?token=also-secret");
        var (id, _) = await org.RegisterWebhook(url);
        await org.Owner.PatchAsJsonAsync(org.Api($"/webhooks/{id}"), new { url = _receiver.Url("/second-secret-path") });
        await org.Owner.PostAsync(org.Api($"/webhooks/{id}/rotate-secret"), null);
        var viewer = fixture.Client(await org.Key("viewer"));
        var shown = $"http://127.0.0.1:{_receiver.BaseAddress.Port}/…";

        Assert.Equal(shown, (await (await viewer.GetAsync(org.Api($"/webhooks/{id}"))).Answer<WebhookAnswer>()).Url);
        Assert.Equal(shown, (await (await viewer.GetAsync(org.Api("/webhooks"))).Answer<List<WebhookAnswer>>())[0].Url);
        Assert.Equal(_receiver.Url("/second-secret-path"), (await org.Webhook(id)).Url);

        foreach (var reader in new[] { viewer, org.Owner })
        {
            var history = await (await reader.GetAsync(org.Api($"/webhooks/{id}/events"))).Content.ReadAsStringAsync();
            Assert.DoesNotContain("bearer-part", history);
            Assert.DoesNotContain("also-secret", history);
            Assert.DoesNotContain("second-secret-path", history);
            Assert.DoesNotContain("CfDJ8", history); // how every Data Protection ciphertext begins
            Assert.Contains(shown, history);
        }
    }

    /// <summary>
    /// The fixture's webhook queue has 16 workers and lets one organization hold 8: the busy organization's hanging
    /// deliveries (up to 4 per endpoint, 24 in all) would fill the queue for the sender's whole 10 s timeout without that share.
    /// </summary>
    [Fact]
    public async Task An_organizations_hanging_endpoints_do_not_hold_up_another_organizations_deliveries()
    {
        var busy = await fixture.NewOrganization();
        var hanging = Enumerable.Range(0, 6).Select(i => $"/hanging/{i}").ToList();
        foreach (var path in hanging)
        {
            _receiver.Answer(path, 0);
            await busy.RegisterWebhook(_receiver.Url(path));
        }

        var quiet = await fixture.NewOrganization();
        await quiet.RegisterWebhook(_receiver.Url("/quiet"), new { eventTypes = new[] { "incident.created" } });
        var quietApi = await quiet.AddComponent("API");

        var incident = await busy.Declare(await busy.AddComponent("API"));
        foreach (var status in new[] { "identified", "monitoring", "investigating" })
            await busy.Owner.PostAsJsonAsync(busy.Api($"/incidents/{incident}/updates"), new { status, message = "Still looking." });
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (hanging.Sum(p => _receiver.At(p).Count) < 8)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The busy organization's deliveries never reached its endpoints.");
            await Task.Delay(50);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        await quiet.Declare(quietApi);
        await _receiver.WaitFor("/quiet", 1, TimeSpan.FromSeconds(8));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(8), $"The quiet organization's delivery took {started.Elapsed}.");
    }

    [Fact]
    public async Task Bad_input_is_400_and_another_organizations_webhook_is_404()
    {
        var org = await fixture.NewOrganization();
        foreach (var body in new object[]
                 {
                     new { url = "not a url" }, new { url = "ftp://example.com/hook" }, new { url = "http://10.1.2.3/hook" },
                     new { url = "http://169.254.169.254/latest/meta-data" }, new { description = "no url" },
                     new { url = _receiver.Url("/x"), eventTypes = new[] { "incident.exploded" } },
                     new { url = _receiver.Url("/x"), componentIds = new[] { Guid.NewGuid() } }
                 })
            await (await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), body)).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api("/webhooks"), "{\"url\": 5")).AssertProblem(400);
        Assert.Empty(await org.Webhooks());

        var (id, _) = await org.RegisterWebhook(_receiver.Url("/mine"));
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/webhooks/{id}"), new { url = "http://192.168.0.1/" })).AssertProblem(400);

        var other = await fixture.NewOrganization();
        await (await other.Owner.GetAsync(other.Api($"/webhooks/{id}"))).AssertProblem(404);
        await (await other.Owner.PatchAsJsonAsync(other.Api($"/webhooks/{id}"), new { description = "mine now" })).AssertProblem(404);
        await (await other.Owner.DeleteAsync(other.Api($"/webhooks/{id}"))).AssertProblem(404);
        await (await other.Owner.PostAsync(other.Api($"/webhooks/{id}/rotate-secret"), null)).AssertProblem(404);
        await (await other.Owner.PostAsync(other.Api($"/webhooks/{id}/ping"), null)).AssertProblem(404);
        await (await other.Owner.GetAsync(other.Api($"/webhooks/{id}/deliveries"))).AssertProblem(404);
        await (await other.Owner.GetAsync(other.Api($"/webhooks/{id}/events"))).AssertProblem(404);
        await (await other.Owner.PostAsync(other.Api($"/webhooks/{id}/deliveries/{Guid.NewGuid()}/redeliver"), null)).AssertProblem(404);
        await (await other.Owner.GetAsync(org.Api("/webhooks"))).AssertProblem(404);
        Assert.Empty(_receiver.At("/mine"));
    }

    [Fact]
    public async Task Changes_arrive_in_the_statuspage_shape_signed_so_a_standard_webhooks_library_verifies_them_also_during_rotation()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var (id, secret) = await org.RegisterWebhook(_receiver.Url("/signed"));

        var incident = await org.Declare(api);
        var received = await _receiver.WaitFor("/signed", 2);
        var created = received.Single(r => r.Hook.Type == "incident.created");
        created.Verify(secret);
        Assert.StartsWith("msg_", created.Id);
        var data = created.Hook.Data;
        Assert.Equal(incident, data.Incident!.Id);
        Assert.Equal("investigating", data.Incident.Status);
        Assert.Equal(api, data.Incident.Components[0].Id);
        Assert.Equal("major_outage", data.Incident.IncidentUpdates[0].AffectedComponents![0].NewStatus);
        Assert.Equal((org.Id.ToString(), "critical"), (data.Page!.Id, data.Page.StatusIndicator));
        Assert.EndsWith($"/api/orgs/{org.Id}/webhooks/{id}", data.Meta!.Unsubscribe);

        var changed = received.Single(r => r.Hook.Type == "component.status_changed");
        changed.Verify(secret);
        var update = changed.Hook.Data.ComponentUpdate!;
        Assert.Equal(("operational", "major_outage", "API"), (update.OldStatus, update.NewStatus, changed.Hook.Data.Component!.Name));

        var newSecret = await Rotate(org, id);
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "identified", message = "Found it." });
        var duringRotation = (await _receiver.WaitFor("/signed", 3))[2];
        Assert.Equal(2, duringRotation.Signatures.Length);
        duringRotation.Verify(secret);
        duringRotation.Verify(newSecret);

        fixture.Clock.Advance(TimeSpan.FromHours(25));
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "resolved", message = "Fixed." });
        var afterRotation = (await _receiver.WaitFor("/signed", 4))[3];
        Assert.Equal("incident.resolved", afterRotation.Hook.Type);
        Assert.Single(afterRotation.Signatures);
        afterRotation.Verify(newSecret);
        Assert.ThrowsAny<Exception>(() => afterRotation.Verify(secret));
    }

    [Fact]
    public async Task Endpoints_get_only_the_event_types_and_components_they_asked_for()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var db = await org.AddComponent("Database");
        var (createdOnly, _) = await org.RegisterWebhook(_receiver.Url("/created-only"), new { eventTypes = new[] { "incident.created" } });
        var (dbOnly, _) = await org.RegisterWebhook(_receiver.Url("/db-only"), new { componentIds = new[] { db } });
        var (apiOnlyId, _) = await org.RegisterWebhook(_receiver.Url("/api-only"), new { componentIds = new[] { api } });
        await org.RegisterWebhook(_receiver.Url("/everything"));

        await org.Declare(api);
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{db}"), new { status = "degraded_performance" });
        var everything = await _receiver.WaitFor("/everything", 3);
        var apiOnly = await _receiver.WaitFor("/api-only", 2);
        await _receiver.WaitFor("/db-only", 1);

        Assert.Equal(["component.status_changed", "component.status_changed", "incident.created"], Types(everything));
        Assert.Equal(["component.status_changed", "incident.created"], Types(apiOnly));
        Assert.Equal(["incident.created"], Types(await _receiver.WaitFor("/created-only", 1)));
        Assert.Single(await org.Deliveries(createdOnly));
        var dbChange = Assert.Single(_receiver.At("/db-only"));
        Assert.Equal(db, dbChange.Hook.Data.Component!.Id);
        Assert.Single(await org.Deliveries(dbOnly));

        var from = MaintenanceRequests.WholeSeconds(fixture.Clock.GetUtcNow().AddDays(1));
        var maintenance = await org.ScheduleMaintenance(from, from.AddHours(1), autoStart: false, db);
        var scheduled = (await _receiver.WaitFor("/db-only", 2))[1].Hook;
        await _receiver.WaitFor("/everything", 4);
        Assert.Equal("maintenance.scheduled", scheduled.Type);
        var window = scheduled.Data.Incident!;
        Assert.Equal((maintenance, "scheduled", "maintenance"), (window.Id, window.Status, window.Impact));
        Assert.Equal(from, window.ScheduledFor);
        Assert.Equal(2, (await org.Deliveries(apiOnlyId)).Count);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_on_the_backoff_schedule_with_the_same_webhook_id_until_it_succeeds()
    {
        // Far ahead of real time, so only this test hands the planned retries over, never the durable agent's own clock.
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        _receiver.Answer("/flaky", 500, 500, 500, 200);
        var (id, _) = await org.RegisterWebhook(_receiver.Url("/flaky"), new { eventTypes = new[] { "incident.created" } });

        await org.Declare(api);
        await _receiver.WaitFor("/flaky", 1);
        var delivery = await org.WaitForAttempts(id, 1);
        for (var attempt = 2; attempt <= 4; attempt++)
        {
            var last = delivery.Attempts[0];
            var retry = await Planned(delivery.Id, attempt);
            Assert.Equal(last.NextAttemptAt!.Value, retry.At, TimeSpan.FromMilliseconds(1));
            var wait = retry.At - last.At;
            var planned = WebhookRules.RetryDelays[attempt - 2];
            Assert.InRange(wait, planned * 0.9, planned * 1.1);
            Assert.Equal(org.Id.ToString(), retry.Tenant);

            fixture.Clock.Advance(wait);
            await Deliver(org, retry.Message);
            delivery = await org.WaitForAttempts(id, attempt);
        }

        Assert.Equal("succeeded", delivery.State);
        var attempts = delivery.Attempts.AsEnumerable().Reverse().ToList();
        Assert.Equal([500, 500, 500, 200], attempts.Select(a => a.StatusCode));
        Assert.Equal([false, false, false, true], attempts.Select(a => a.Succeeded));
        Assert.Equal([1, 2, 3, 4], attempts.Select(a => a.Number));
        Assert.Equal("answer 500", attempts[0].Response);
        Assert.Null(attempts[3].NextAttemptAt);
        var requests = _receiver.At("/flaky");
        Assert.Equal(4, requests.Count);
        Assert.Single(requests.Select(r => r.Id).Distinct());
        Assert.Equal(delivery.WebhookId, requests[0].Id);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Planned(delivery.Id, 5));

        var redelivered = await org.Owner.PostAsync(org.Api($"/webhooks/{id}/deliveries/{delivery.Id}/redeliver"), null);
        Assert.Equal(202, (int)redelivered.StatusCode);
        await _receiver.WaitFor("/flaky", 5);
        Assert.Equal(requests[0].Id, _receiver.At("/flaky")[4].Id);
        var again = await org.WaitForAttempts(id, 5);
        Assert.Null(again.Attempts[0].Number);
    }

    [Fact]
    public async Task A_dead_endpoint_is_disabled_once_its_message_used_up_the_retry_window_and_gets_nothing_more()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var owner = Mailbox.NewAddress("owner");
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api(""), new { notificationPreferences = new { ownerEmails = new[] { owner } } })).StatusCode);
        var api = await org.AddComponent("API");
        _receiver.Answer("/dead", 503);
        var (id, _) = await org.RegisterWebhook(_receiver.Url("/dead"), new { eventTypes = new[] { "incident.created" } });

        var incident = await org.Declare(api);
        var delivery = await org.WaitForAttempts(id, 1);
        var first = delivery.Attempts[0].At;
        for (var attempt = 2; attempt <= WebhookRules.MaxAttempts; attempt++)
        {
            var retry = await Planned(delivery.Id, attempt);
            fixture.Clock.Advance(retry.At - fixture.Clock.GetUtcNow());
            await Deliver(org, retry.Message);
            delivery = await org.WaitForAttempts(id, attempt);
        }

        var last = delivery.Attempts[0].At;
        Assert.InRange(last - first, TimeSpan.FromHours(20), TimeSpan.FromHours(26));
        Assert.Equal("failed", delivery.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Planned(delivery.Id, WebhookRules.MaxAttempts + 1));

        var endpoint = await org.Webhook(id);
        Assert.False(endpoint.Enabled);
        Assert.Contains("failed", endpoint.DisabledReason);
        var disabled = (await org.Events($"/webhooks/{id}")).Last();
        Assert.Equal(("webhook_endpoint_disabled", true), (disabled.Type, disabled.DataAs<AutomaticAnswer>().Automatic));
        var alert = Assert.Single(await fixture.Mail.Receive(owner));
        Assert.Equal($"[Org {org.Slug}] Webhook endpoint disabled: {_receiver.Url("/dead")}", alert.Subject);

        // A healthy endpoint beside it: once that has the next incident, the disabled one has been passed over.
        await org.RegisterWebhook(_receiver.Url("/witness"), new { eventTypes = new[] { "incident.created" } });
        await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status = "resolved", message = "Fixed." });
        await org.Declare(api);
        await _receiver.WaitFor("/witness", 1);
        Assert.Single(await org.Deliveries(id));
        Assert.Equal(WebhookRules.MaxAttempts, _receiver.At("/dead").Count);
        await (await org.Owner.PostAsync(org.Api($"/webhooks/{id}/deliveries/{delivery.Id}/redeliver"), null)).AssertProblem(409);
    }

    [Fact]
    public async Task A_ping_reports_the_attempt_and_a_redirect_or_no_answer_in_time_is_a_failure()
    {
        var org = await fixture.NewOrganization();
        var (ok, secret) = await org.RegisterWebhook(_receiver.Url("/ping"));
        var pinged = await Ping(org, ok);
        Assert.Equal((true, 200), (pinged.Succeeded, pinged.StatusCode));
        var ping = Assert.Single(_receiver.At("/ping"));
        ping.Verify(secret);
        Assert.Equal("ping", ping.Hook.Type);

        _receiver.Answer("/moved", 302);
        var (moved, _) = await org.RegisterWebhook(_receiver.Url("/moved"));
        var redirected = await Ping(org, moved);
        Assert.Equal((false, 302), (redirected.Succeeded, redirected.StatusCode));
        Assert.Single(_receiver.At("/moved"));
        Assert.Empty(_receiver.At("/moved/moved"));

        _receiver.Answer("/hanging", 0);
        var (hanging, _) = await org.RegisterWebhook(_receiver.Url("/hanging"));
        var timedOut = await Ping(org, hanging);
        Assert.False(timedOut.Succeeded);
        Assert.Null(timedOut.StatusCode);
        Assert.Contains("within 10 s", timedOut.Error);
        // The timeout's timer and the latency's stopwatch are different clocks: a millisecond either way is the same 10 s.
        Assert.InRange(timedOut.LatencyMs, 9_990, 15_000);
        Assert.Equal("failed", (await org.Deliveries(hanging))[0].State);
    }

    private static string[] Types(IEnumerable<WebhookReceiver.Request> requests) => requests.Select(r => r.Hook.Type).Order().ToArray();

    private static async Task<string> Rotate(TestOrganization org, Guid id) =>
        (await (await org.Owner.PostAsync(org.Api($"/webhooks/{id}/rotate-secret"), null)).Answer<WebhookSecretAnswer>()).Secret;

    private static async Task<PingAnswer> Ping(TestOrganization org, Guid id) =>
        await (await org.Owner.PostAsync(org.Api($"/webhooks/{id}/ping"), null)).Answer<PingAnswer>();

    /// <summary>The retry of the delivery with this attempt number waiting in the durable inbox; throws when there is none.</summary>
    private async Task<(DeliverWebhook Message, DateTimeOffset At, string? Tenant)> Planned(Guid deliveryId, int attempt)
    {
        var incoming = await fixture.Host.Services.GetRequiredService<IWolverineRuntime>().Storage.Admin.AllIncomingAsync();
        return incoming
            .Where(e => e.Status == EnvelopeStatus.Scheduled && e.Data is not null)
            .Select(e => (Json: JsonNode.Parse(e.Data, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!, At: e.ScheduledTime!.Value, e.TenantId))
            .Where(p => p.Json["deliveryId"]?.GetValue<Guid>() == deliveryId && p.Json["attempt"]!.GetValue<int>() == attempt)
            .Select(p => (new DeliverWebhook(deliveryId, p.Json["endpointId"]!.GetValue<Guid>(), attempt), p.At, p.TenantId))
            .First();
    }

    /// <summary>Hands a planned retry to its handler as the durable agent would when its time comes, for the organization's tenant.</summary>
    private Task Deliver(TestOrganization org, DeliverWebhook message) =>
        fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(bus => bus.InvokeForTenantAsync(org.Id.ToString(), message)));
}

public class WebhookSlotsTests
{
    [Fact]
    public void An_endpoint_has_at_most_its_share_of_messages_in_flight_and_others_are_not_held_back()
    {
        var slots = new WebhookSlots(100);
        var (slow, other) = (Guid.NewGuid(), Guid.NewGuid());
        Assert.All(Enumerable.Range(0, WebhookSlots.PerEndpoint), _ => Assert.True(slots.TryTake("org", slow)));
        Assert.False(slots.TryTake("org", slow));
        Assert.True(slots.TryTake("org", other));
        slots.Release("org", slow);
        Assert.True(slots.TryTake("org", slow));
    }

    [Fact]
    public void An_organization_has_at_most_its_share_over_all_its_endpoints_and_a_refused_take_holds_nothing()
    {
        var slots = new WebhookSlots(5);
        var full = Guid.NewGuid();
        Assert.All(Enumerable.Range(0, WebhookSlots.PerEndpoint), _ => Assert.True(slots.TryTake("busy", full)));
        Assert.False(slots.TryTake("org", full));
        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(slots.TryTake("org", Guid.NewGuid())));
        Assert.False(slots.TryTake("org", Guid.NewGuid()));
        Assert.True(slots.TryTake("other", Guid.NewGuid()));
    }
}
