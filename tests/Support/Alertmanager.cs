using System.Diagnostics;
using System.Net.Http.Json;

namespace StatusPage.Testing;

/// <summary>
/// A real Prometheus Alertmanager (Debian's <c>prometheus-alertmanager</c>) on a loopback port, its clustering off,
/// routing every alert to the given webhook receivers with bearer tokens and flushing groups within a second.
/// </summary>
public sealed class Alertmanager : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _client;

    private Alertmanager(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
    }

    public static async Task<Alertmanager> Start(IEnumerable<(string Url, string Token)> receivers)
    {
        var folder = Directory.CreateTempSubdirectory("alertmanager-").FullName;
        var webhooks = string.Join("", receivers.Select(r => $"""

                  - url: '{r.Url}'
                    send_resolved: true
                    http_config:
                      authorization:
                        credentials: '{r.Token}'
            """));
        await File.WriteAllTextAsync(Path.Combine(folder, "alertmanager.yml"), $"""
            route:
              receiver: statuspage
              group_by: ['alertname']
              group_wait: 100ms
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: statuspage
                webhook_configs:{webhooks}
            """);
        var port = HostProcess.FreePort();
        var process = Process.Start(new ProcessStartInfo("prometheus-alertmanager",
        [
            $"--config.file={Path.Combine(folder, "alertmanager.yml")}", $"--storage.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="
        ]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new Alertmanager(process, folder, port);
        await Eventually.True(async () =>
        {
            try
            {
                return (await alertmanager._client.GetAsync("/-/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "Alertmanager is ready");
        return alertmanager;
    }

    /// <summary>What Prometheus does: posts alerts to Alertmanager's API; an <paramref name="endsAt"/> in the past resolves them.</summary>
    public async Task Post(IEnumerable<IReadOnlyDictionary<string, string>> labels, string summary, DateTimeOffset? endsAt = null)
    {
        var alerts = labels.Select(l => new Dictionary<string, object>
        {
            ["labels"] = l, ["annotations"] = new Dictionary<string, string> { ["summary"] = summary },
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
            ["endsAt"] = (endsAt ?? DateTimeOffset.UtcNow.AddHours(1)).ToString("O")
        });
        var response = await _client.PostAsJsonAsync("/api/v2/alerts", alerts);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
