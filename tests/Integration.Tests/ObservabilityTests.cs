using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StatusPage.Integration.Tests.Dashboard;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests;

/// <summary>
/// A node as operators run it with METRICS_TOKEN and LOG_FORMAT=json: Prometheus text behind the token, the
/// product's own metrics after real work (a mail, a live connection, a webhook attempt, a monitor check), and logs
/// that are JSON a line, with security events that name their organization and never the password; traces over OTLP.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class ObservabilityTests(StatusPageFixture fixture)
{
    private const string Token = "metrics-token-0123456789";

    [Fact]
    public async Task Metrics_are_not_there_without_a_metrics_token()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Client(Token).GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task A_node_with_a_token_serves_the_product_metrics_and_logs_json_with_security_events()
    {
        // A database of its own: scheduled checks go to whichever node polls first, and they must be counted here.
        await using var database = await ScratchDatabase.Create();
        await using var node = await HostProcess.Start(Environment.GetEnvironmentVariable("REDIS_URL")!, new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database.ConnectionString,
            ["METRICS_TOKEN"] = Token,
            ["LOG_FORMAT"] = "json",
            ["Logging__LogLevel__StatusPage.Security"] = "Information"
        });
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client("wrong-" + Token).GetAsync("/metrics")).StatusCode);

        var org = await node.NewOrganization(fixture);
        await using var live = await SseClient.Connect(node.Client(), $"/{org.Slug}/stream");
        var subscribed = await node.Client().PostAsJsonAsync($"/api/public/{org.Slug}/subscribers", new { email = $"reader-{Guid.NewGuid():N}@example.com" });
        Assert.Equal(202, (int)subscribed.StatusCode);
        var webhook = await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), new { url = $"http://127.0.0.1:{HostProcess.FreePort()}/hook" });
        Assert.Equal(201, (int)webhook.StatusCode);
        Assert.Equal(200, (int)(await org.Owner.PostAsync(org.Api($"/webhooks/{await webhook.Id()}/ping"), null)).StatusCode);
        var component = await org.AddComponent();
        var monitor = await org.Owner.PostAsJsonAsync(org.Api($"/components/{component}/monitors"),
            new { type = "tcp", host = "127.0.0.1", port = node.BaseAddress.Port, intervalSeconds = 30 });
        Assert.Equal(201, (int)monitor.StatusCode);

        string[] wanted =
        [
            "statuspage_emails_sent_total", "statuspage_webhook_attempts_total{", "outcome=\"error\"", "statuspage_monitor_checks_total{",
            "result=\"up\"", "statuspage_monitor_check_lateness_seconds_bucket", "statuspage_queue_waiting{", "queue=\"email\"",
            "queue=\"webhooks\"", "queue=\"monitor_checks\"", "statuspage_projection_lag_events{", "statuspage_projection_lag_seconds{",
            "http_server_request_duration_seconds", "db_client_operation_duration_seconds"
        ];
        var missing = wanted.ToList();
        await Eventually.True(async () =>
        {
            var text = await node.Client(Token).GetStringAsync("/metrics");
            missing = wanted.Where(name => !text.Contains(name)).ToList();
            if (!Regex.IsMatch(text, @"statuspage_live_connections\{[^}]*audience=""public""[^}]*\} [1-9]")) missing.Add("statuspage_live_connections{audience=\"public\"} > 0");
            return missing.Count == 0;
        }, () => $"the product's metrics show the work done (missing: {string.Join(", ", missing)})");

        var operatorAccount = await DashboardBrowser.Operator(org, node, "editor");
        await FailSignIn(node, operatorAccount.Email, "not-the-password-42");
        JsonNode? securityEvent = null;
        await Eventually.True(() =>
        {
            securityEvent = JsonLines(node).FirstOrDefault(line => line["EventId"]?.GetValue<int>() == 9001
                && line["State"]?["Organization"]?.GetValue<string>() == org.Id.ToString());
            return Task.FromResult(securityEvent is not null);
        }, "a failed sign-in is logged as a security event");
        Assert.Equal("StatusPage.Security", securityEvent!["Category"]!.GetValue<string>());
        Assert.StartsWith("user:", securityEvent["State"]!["Actor"]!.GetValue<string>());

        var lines = node.Output.Where(line => line.Length > 0).ToList();
        Assert.All(lines, line => Assert.True(JsonNode.Parse(line) is JsonObject, $"Not a JSON object: {line}"));
        Assert.DoesNotContain(lines, line => line.Contains("not-the-password-42"));
        Assert.DoesNotContain(lines, line => line.Contains(org.OwnerKey));
    }

    [Fact]
    public async Task Traces_go_to_the_otlp_endpoint_over_http_protobuf()
    {
        var port = HostProcess.FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var traces = Receive(receiver, "/v1/traces");
        await using var node = await HostProcess.Start(Environment.GetEnvironmentVariable("REDIS_URL")!, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100"
        });
        var org = await node.NewOrganization(fixture);
        await org.AddComponent();
        Assert.True((await traces.WaitAsync(TimeSpan.FromSeconds(30))).Length > 0);
    }

    /// <summary>The body of the first request to the path; every request is answered 200, as a collector would.</summary>
    private static async Task<byte[]> Receive(HttpListener receiver, string path)
    {
        while (true)
        {
            var context = await receiver.GetContextAsync();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            context.Response.StatusCode = 200;
            context.Response.Close();
            if (context.Request.Url?.AbsolutePath == path && body.Length > 0) return body.ToArray();
        }
    }

    private static IEnumerable<JsonNode> JsonLines(HostProcess node) =>
        node.Output.Where(line => line.StartsWith('{')).Select(line => JsonNode.Parse(line)!);

    /// <summary>Posts the dashboard's sign-in form as a browser would: its antiforgery cookie and field, a wrong password.</summary>
    private static async Task FailSignIn(HostProcess node, string email, string password)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
            { BaseAddress = node.BaseAddress };
        var page = await client.GetStringAsync("/dashboard/sign-in");
        var token = Regex.Match(page, @"name=""__RequestVerificationToken""[^>]*value=""([^""]+)""").Groups[1].Value;
        Assert.NotEmpty(token);
        var response = await client.PostAsync("/dashboard/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password
        }));
        Assert.Contains("Wrong email or password", await response.Content.ReadAsStringAsync());
    }
}
