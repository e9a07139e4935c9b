using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace StatusPage.Integration.Tests.Alerts;

public sealed record CreatedAlertSourceAnswer(Guid Id, long Version, string Url, string Token);

public sealed record AlertReceiptAnswer(DateTimeOffset ReceivedAt, string GroupKey, int Firing, int Resolved, bool Changed, List<string> Log);

public sealed record AlertLogAnswer(List<AlertReceiptAnswer> Notifications, long Total);

/// <summary>The data of a <c>component_status_changed</c> event an alert caused.</summary>
public sealed record AlertChangeAnswer(string NewStatus, string Source, Guid? IncidentId, AlertEvidenceAnswer Alert);

public sealed record AlertEvidenceAnswer(Guid SourceId, string SourceName, string Fingerprint, Dictionary<string, string> Labels);

public static class AlertRequests
{
    public static async Task<CreatedAlertSourceAnswer> AddAlertSource(this TestOrganization org, object source)
    {
        var response = await org.Owner.PostAsJsonAsync(org.Api("/alert-sources"), source);
        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        return await response.Answer<CreatedAlertSourceAnswer>();
    }

    /// <summary>Sends a notification as a monitoring system would: the body as given, the token as a bearer token unless null.</summary>
    public static Task<HttpResponseMessage> Notify(this TestOrganization org, Guid source, string? token, string body, Action<HttpRequestHeaders>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/alerts/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        headers?.Invoke(request.Headers);
        return (org.Node?.Client() ?? org.Fixture.Client()).SendAsync(request);
    }

    public static async Task<AlertReceiptAnswer> Notified(this TestOrganization org, Guid source, string token, string body)
    {
        var response = await org.Notify(source, token, body);
        Assert.True(200 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        return await response.Answer<AlertReceiptAnswer>();
    }

    public static async Task<List<AlertReceiptAnswer>> AlertLog(this TestOrganization org, Guid source) =>
        (await org.Get<AlertLogAnswer>($"/alert-sources/{source}/log")).Notifications;

    /// <summary>An Alertmanager webhook notification (version 4) of one group, laid out as its documentation gives it.</summary>
    public static string AlertmanagerPayload(string status, params (string Fingerprint, string Status, string Component, string Severity, string Summary)[] alerts) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "4",
            ["groupKey"] = "{}/{severity=~\"critical|warning\"}:{alertname=\"HighErrorRate\"}",
            ["truncatedAlerts"] = 0,
            ["status"] = status,
            ["receiver"] = "statuspage",
            ["groupLabels"] = new { alertname = "HighErrorRate" },
            ["commonLabels"] = new { alertname = "HighErrorRate", job = "api" },
            ["commonAnnotations"] = new { },
            ["externalURL"] = "http://alertmanager.example:9093",
            ["alerts"] = alerts.Select(a => new Dictionary<string, object>
            {
                ["status"] = a.Status,
                ["labels"] = new Dictionary<string, string>
                {
                    ["alertname"] = "HighErrorRate", ["component"] = a.Component, ["severity"] = a.Severity, ["instance"] = "api-1:9100", ["job"] = "api"
                },
                ["annotations"] = new Dictionary<string, string> { ["summary"] = a.Summary, ["description"] = "5xx above 5 % for 5 minutes" },
                ["startsAt"] = "2026-12-03T09:00:00.000Z",
                ["endsAt"] = a.Status == "firing" ? "0001-01-01T00:00:00Z" : "2026-12-03T09:30:00.000Z",
                ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29",
                ["fingerprint"] = a.Fingerprint
            }).ToList()
        });
}
