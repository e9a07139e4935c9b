using Microsoft.AspNetCore.Http;
using StatusPage.Application.Monitors;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net;

namespace StatusPage.Integration.Tests.Monitors;

/// <summary>
/// Monitors against real HTTP and TCP targets on loopback. Each test first moves the host's clock a day ahead of real
/// time, so the checks the host plans by itself are never due during the run, and runs each check by hand at the
/// clock's time instead, moving the clock on by the interval.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class MonitorsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_failing_target_flips_the_component_after_N_failures_and_back_after_M_successes_with_evidence()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer();
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new
        {
            type = "http", name = "API health", url = target.Url, intervalSeconds = 10, timeoutSeconds = 2,
            failuresBeforeDown = 3, successesBeforeUp = 2, downStatus = "partial_outage", expectedStatus = new[] { 200 }
        });

        await fixture.RunCheck(org, monitor);
        target.Status = 503;
        await fixture.RunCheck(org, monitor);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("operational", await org.Status(api));
        await fixture.RunCheck(org, monitor);
        Assert.Equal("partial_outage", await org.Status(api));
        await fixture.Settled();
        await Eventually.True(async () =>
                (await PublicApiTests.V2(org, "components.json")).Components![0].Status == "partial_outage",
            "the public page shows the monitor's status");

        target.Status = 200;
        await fixture.RunCheck(org, monitor);
        Assert.Equal("partial_outage", await org.Status(api));
        await fixture.RunCheck(org, monitor);
        Assert.Equal("operational", await org.Status(api));

        var changes = await org.StatusChanges(api);
        Assert.Equal(["partial_outage", "operational"], changes.Select(c => c.NewStatus));
        Assert.All(changes, c => Assert.Equal("monitor", c.Source));
        var down = changes[0].Evidence!;
        Assert.Equal((monitor, "API health", false, 3), (down.MonitorId, down.MonitorName, down.Success, down.Consecutive));
        Assert.Equal("status 503, expected 200", down.Reason);
        Assert.True(changes[1].Evidence!.Success);

        var checks = await org.Checks(monitor);
        Assert.Equal([true, false, false, false, true, true], checks.Select(c => c.Success).Reverse());
        Assert.Equal(6, target.Hits);
        Assert.All(checks, c => Assert.True(c.LatencyMs >= 0));
    }

    [Fact]
    public async Task Keyword_present_or_absent_latency_threshold_and_a_refused_TCP_port_are_judged_from_real_answers()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer { Body = "status: ok" };
        var org = await fixture.NewOrganization();
        var web = await org.AddComponent("Web");
        var present = await org.AttachMonitor(web, new { type = "http", url = target.Url, keyword = "ok", intervalSeconds = 10, failuresBeforeDown = 1 });
        var regex = await org.AttachMonitor(web, new { type = "http", url = target.Url, keyword = "status: (ok|fine)", keywordIsRegex = true, intervalSeconds = 10 });
        var absent = await org.AttachMonitor(web, new { type = "http", url = target.Url, keyword = "error", keywordAbsent = true, intervalSeconds = 10 });
        var slow = await org.AttachMonitor(web, new { type = "http", url = target.Url, slowMs = 150, intervalSeconds = 10 });
        var refusing = new TcpListener(IPAddress.Loopback, 0);
        refusing.Start();
        var openPort = ((IPEndPoint)refusing.LocalEndpoint).Port;
        var closedPort = HostProcess.FreePort();
        var tcpOpen = await org.AttachMonitor(web, new { type = "tcp", host = "127.0.0.1", port = openPort, intervalSeconds = 10 });
        var tcpClosed = await org.AttachMonitor(web, new { type = "tcp", host = "127.0.0.1", port = closedPort, intervalSeconds = 10 });

        foreach (var monitor in new[] { present, regex, absent, slow, tcpOpen, tcpClosed }) await fixture.RunCheck(org, monitor, intervalSeconds: 0);
        target.Body = "status: error";
        target.DelayMs = 300;
        foreach (var monitor in new[] { present, regex, absent, slow }) await fixture.RunCheck(org, monitor, intervalSeconds: 0);
        refusing.Stop();

        async Task<(bool, bool, string?)[]> Results(Guid monitor) =>
            (await org.Checks(monitor)).AsEnumerable().Reverse().Select(c => (c.Success, c.Slow, c.Reason)).ToArray();
        Assert.Equal([(true, false, null), (false, false, "the body does not contain 'ok'")], await Results(present));
        Assert.Equal([(true, false, null), (false, false, "the body does not contain 'status: (ok|fine)'")], await Results(regex));
        Assert.Equal([(true, false, null), (false, false, "the body contains 'error'")], await Results(absent));
        var slowResults = await Results(slow);
        Assert.Equal((true, false, null), slowResults[0]);
        Assert.Equal((true, true), (slowResults[1].Item1, slowResults[1].Item2));
        Assert.StartsWith("answered in ", slowResults[1].Item3);
        Assert.Equal([(true, false, null)], await Results(tcpOpen));
        Assert.Equal([(false, false, "connection failed: ConnectionRefused")], await Results(tcpClosed));
    }

    [Fact]
    public async Task Slow_answers_in_a_row_make_the_component_degraded_and_a_hung_target_costs_only_the_timeout()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer { DelayMs = 300 };
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new { type = "http", url = target.Url, slowMs = 100, timeoutSeconds = 1, failuresBeforeDown = 2, intervalSeconds = 10 });

        await fixture.RunCheck(org, monitor);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("degraded_performance", await org.Status(api));

        target.DelayMs = 10_000;
        await fixture.RunCheck(org, monitor);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("major_outage", await org.Status(api));
        var hung = (await org.Checks(monitor))[0];
        Assert.Equal("no answer within 1 s", hung.Reason);
        Assert.InRange(hung.LatencyMs, 900, 3_000);
    }

    [Fact]
    public async Task An_endless_body_is_read_no_further_than_1_MB_and_redirects_are_followed_only_when_asked()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer { Body = new string('x', 64 * 1024), Endless = true };
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var endless = await org.AttachMonitor(api, new { type = "http", url = target.Url, keyword = "needle", timeoutSeconds = 9, intervalSeconds = 10 });
        var redirected = await org.AttachMonitor(api, new { type = "http", url = target.Redirect, intervalSeconds = 10 });
        var followed = await org.AttachMonitor(api, new { type = "http", url = target.Redirect, followRedirects = true, intervalSeconds = 10 });

        await fixture.RunCheck(org, endless);
        var check = (await org.Checks(endless))[0];
        Assert.Equal("the body does not contain 'needle'", check.Reason);
        Assert.InRange(check.LatencyMs, 0, 8_000);
        Assert.InRange(target.BytesSent, 1024 * 1024, 32 * 1024 * 1024);

        target.Endless = false;
        await fixture.RunCheck(org, redirected);
        await fixture.RunCheck(org, followed);
        Assert.Equal("status 302, expected 2xx", (await org.Checks(redirected))[0].Reason);
        Assert.True((await org.Checks(followed))[0].Success);
    }

    [Fact]
    public async Task A_redirect_to_another_origin_goes_there_without_the_monitors_headers()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var elsewhere = new TargetServer();
        await using var target = new TargetServer { RedirectTo = elsewhere.Url };
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new
        {
            type = "http", url = target.Redirect, followRedirects = true, intervalSeconds = 10,
            headers = new Dictionary<string, string> { ["Authorization"] = "Bearer target-secret", ["Cookie"] = "session=s3cret", ["X-Api-Key"] = "k3y" }
        });

        await fixture.RunCheck(org, monitor);

        Assert.True((await org.Checks(monitor))[0].Success);
        Assert.Equal("Bearer target-secret", Assert.Single(target.Headers)["Authorization"]);
        var redirected = Assert.Single(elsewhere.Headers);
        Assert.All(new[] { "Authorization", "Cookie", "X-Api-Key" }, name => Assert.Null(redirected[name]));
    }

    [Fact]
    public async Task A_heartbeat_that_stops_calling_takes_the_component_down()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var job = await org.AddComponent("Nightly job");
        var monitor = await org.AttachMonitor(job, new { type = "heartbeat", intervalSeconds = 60, timeoutSeconds = 30, failuresBeforeDown = 1, successesBeforeUp = 1 });
        var secret = (await org.Monitor(monitor)).HeartbeatSecret!;
        var anonymous = fixture.Client();

        Assert.Equal(202, (int)(await anonymous.PostAsync($"/api/heartbeats/{monitor}/{secret}", null)).StatusCode);
        await fixture.RunCheck(org, monitor, intervalSeconds: 60);
        Assert.Equal("operational", await org.Status(job));
        Assert.Equal(202, (int)(await anonymous.GetAsync($"/api/heartbeats/{monitor}/{secret}")).StatusCode);
        await fixture.RunCheck(org, monitor, intervalSeconds: 60);
        await fixture.RunCheck(org, monitor, intervalSeconds: 60);
        Assert.Equal("operational", await org.Status(job));
        await fixture.RunCheck(org, monitor, intervalSeconds: 60);
        Assert.Equal("major_outage", await org.Status(job));
        Assert.StartsWith("no heartbeat since ", (await org.StatusChanges(job))[0].Evidence!.Reason);

        await (await anonymous.PostAsync($"/api/heartbeats/{monitor}/wrong-secret", null)).AssertProblem(404);
        await (await anonymous.PostAsync($"/api/heartbeats/{Guid.NewGuid()}/{secret}", null)).AssertProblem(404);
        Assert.Equal(202, (int)(await anonymous.PostAsync($"/api/heartbeats/{monitor}/{secret}", null)).StatusCode);
        await fixture.RunCheck(org, monitor, intervalSeconds: 60);
        Assert.Equal("operational", await org.Status(job));
    }

    [Fact]
    public async Task An_operators_status_and_an_open_incident_keep_monitors_out_until_the_operator_hands_control_back()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer { Status = 500 };
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new { type = "http", url = target.Url, failuresBeforeDown = 1, successesBeforeUp = 1, intervalSeconds = 10 });
        Assert.True((await org.Component(api)).MonitorControl);

        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "degraded_performance" })).StatusCode);
        Assert.False((await org.Component(api)).MonitorControl);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("degraded_performance", await org.Status(api));

        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "operational", monitorControl = true })).AssertProblem(400);
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { monitorControl = true })).StatusCode);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("major_outage", await org.Status(api));

        target.Status = 200;
        var incident = await org.Declare(api, "partial_outage");
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { monitorControl = true })).StatusCode);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("partial_outage", await org.Status(api));

        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"),
            new { status = "resolved", message = "Fixed." })).StatusCode);
        await fixture.RunCheck(org, monitor);
        Assert.Equal("operational", await org.Status(api));

        var sources = (await org.StatusChanges(api)).Select(c => (c.NewStatus, c.Source));
        Assert.Equal([("degraded_performance", "operator"), ("major_outage", "monitor"), ("partial_outage", "incident"), ("operational", "monitor")], sources);
    }

    [Fact]
    public async Task One_client_address_calling_heartbeats_too_often_gets_429_with_retry_after_and_others_go_on()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var job = await org.AddComponent("Nightly job");
        var monitor = await org.AttachMonitor(job, new { type = "heartbeat", intervalSeconds = 60 });
        var secret = (await org.Monitor(monitor)).HeartbeatSecret!;

        async Task<HttpContext> Beat(string client) => await fixture.Host.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = $"/api/heartbeats/{monitor}/{secret}";
            c.Connection.RemoteIpAddress = IPAddress.Parse(client);
        });

        var flooder = new List<HttpContext>();
        for (var i = 0; i < 21; i++) flooder.Add(await Beat("192.0.2.99"));
        Assert.All(flooder.Take(20), c => Assert.Equal(202, c.Response.StatusCode));
        Assert.Equal(429, flooder[20].Response.StatusCode);
        Assert.True(int.Parse(flooder[20].Response.Headers.RetryAfter.ToString()) > 0);
        Assert.Equal(202, (await Beat("192.0.2.100")).Response.StatusCode);
    }

    [Fact]
    public async Task A_viewer_sees_which_headers_are_set_but_neither_their_values_nor_a_heartbeat_secret()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var http = await org.AttachMonitor(api, new { type = "http", url = "http://127.0.0.1:9/health", headers = new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" } });
        var heartbeat = await org.AttachMonitor(api, new { type = "heartbeat", intervalSeconds = 60 });
        var viewer = fixture.Client(await org.Key("viewer"));

        Assert.Equal("Bearer s3cret", (await org.Monitor(http)).Settings.Headers!["Authorization"]);
        Assert.Equal(ReadMonitorsEndpoints.Hidden,
            (await (await viewer.GetAsync(org.Api($"/monitors/{http}"))).Answer<MonitorAnswer>()).Settings.Headers!["Authorization"]);
        var listing = await viewer.GetAsync(org.Api($"/components/{api}/monitors"));
        var wire = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain("s3cret", wire);
        Assert.DoesNotContain((await org.Monitor(heartbeat)).HeartbeatSecret!, wire);
        Assert.Equal(ReadMonitorsEndpoints.Hidden, (await listing.Answer<List<MonitorAnswer>>()).Single(m => m.Id == heartbeat).HeartbeatSecret);
    }

    [Fact]
    public async Task Monitors_are_listed_changed_and_removed_and_a_change_starts_a_new_chain_of_checks()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await using var target = new TargetServer();
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var monitor = await org.AttachMonitor(api, new { type = "http", url = target.Url });
        var settings = (await org.Monitor(monitor)).Settings;
        Assert.Equal((60, 5, 3, 2, "major_outage", "GET"), (settings.IntervalSeconds, settings.TimeoutSeconds, settings.FailuresBeforeDown,
            settings.SuccessesBeforeUp, settings.DownStatus, settings.Method));

        var changed = await org.Owner.PatchAsJsonAsync(org.Api($"/monitors/{monitor}"), new { intervalSeconds = 30, expectedVersion = 1 });
        Assert.Equal(2, (await changed.Answer<WrittenAnswer>()).Version);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/monitors/{monitor}"), new { intervalSeconds = 20, expectedVersion = 1 })).AssertProblem(409);
        Assert.Equal(30, (await org.Monitor(monitor)).Settings.IntervalSeconds);

        await fixture.RunCheck(org, monitor, generation: 1);
        Assert.Equal(0, target.Hits);
        await fixture.RunCheck(org, monitor, generation: 2);
        Assert.Equal(1, target.Hits);

        Assert.Equal([monitor], (await org.Monitors(api)).Select(m => m.Id));
        Assert.Equal(200, (int)(await org.Owner.DeleteAsync(org.Api($"/monitors/{monitor}"))).StatusCode);
        await fixture.RunCheck(org, monitor, generation: 2);
        Assert.Equal(1, target.Hits);
        Assert.Empty(await org.Monitors(api));
        await (await org.Owner.GetAsync(org.Api($"/monitors/{monitor}"))).AssertProblem(404);
    }

    [Fact]
    public async Task Bad_input_is_400_and_another_organizations_monitors_are_404()
    {
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var bodies = new object[]
        {
            new { type = "http", url = "not a url" },
            new { type = "http", url = "ftp://example.com/" },
            new { type = "http", url = "http://10.1.2.3/" },
            new { type = "http", url = "http://127.0.0.1/", intervalSeconds = 5 },
            new { type = "http", url = "http://127.0.0.1/", failuresBeforeDown = 0 },
            new { type = "http", url = "http://127.0.0.1/", successesBeforeUp = 0 },
            new { type = "http", url = "http://127.0.0.1/", timeoutSeconds = 30, intervalSeconds = 20 },
            new { type = "http", url = "http://127.0.0.1/", slowMs = 20_000, timeoutSeconds = 10 },
            new { type = "http", url = "http://127.0.0.1/", downStatus = "operational" },
            new { type = "http", url = "http://127.0.0.1/", keyword = "(", keywordIsRegex = true },
            new { type = "http", url = "http://127.0.0.1/", method = "BREW" },
            new { type = "http", url = "http://127.0.0.1/", expectedStatus = new[] { 42 } },
            new { type = "tcp", host = "127.0.0.1", port = 70_000 },
            new { type = "tcp", port = 80 },
        };
        foreach (var body in bodies) await (await org.Owner.PostAsJsonAsync(org.Api($"/components/{api}/monitors"), body)).AssertProblem(400);
        await (await org.Owner.SendRaw(HttpMethod.Post, org.Api($"/components/{api}/monitors"), "{\"type\": \"smoke-signal\"}")).AssertProblem(400);
        await (await org.Owner.PostAsJsonAsync(org.Api($"/components/{Guid.NewGuid()}/monitors"), new { type = "http", url = "http://127.0.0.1/" })).AssertProblem(400);
        Assert.Empty(await org.Monitors(api));

        var monitor = await org.AttachMonitor(api, new { type = "http", url = "http://127.0.0.1/" });
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/monitors/{monitor}"), new { type = "tcp" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/monitors/{monitor}"), new { intervalSeconds = 9 })).AssertProblem(400);
        await (await org.Owner.GetAsync(org.Api($"/monitors/{monitor}/checks?limit=0"))).AssertProblem(400);

        var intruder = await fixture.NewOrganization();
        var theirs = await intruder.AddComponent();
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => intruder.Owner.GetAsync(intruder.Api($"/monitors/{monitor}")),
                     () => intruder.Owner.GetAsync(intruder.Api($"/monitors/{monitor}/checks")),
                     () => intruder.Owner.PatchAsJsonAsync(intruder.Api($"/monitors/{monitor}"), new { name = "Mine" }),
                     () => intruder.Owner.DeleteAsync(intruder.Api($"/monitors/{monitor}")),
                     () => intruder.Owner.GetAsync(intruder.Api($"/components/{api}/monitors")),
                     () => intruder.Owner.GetAsync(intruder.Api($"/components/{api}/uptime")),
                     () => intruder.Owner.GetAsync(org.Api($"/monitors/{monitor}")),
                     () => intruder.Owner.PostAsJsonAsync(org.Api($"/components/{theirs}/monitors"), new { type = "http", url = "http://127.0.0.1/" }),
                 })
            await (await request()).AssertProblem(404);
        await (await intruder.Owner.PostAsJsonAsync(intruder.Api($"/components/{api}/monitors"), new { type = "http", url = "http://127.0.0.1/" })).AssertProblem(400);
        Assert.Equal(1, (await org.Monitor(monitor)).Version);
    }
}
