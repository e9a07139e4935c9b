using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using StatusPage.MailCatcher;

namespace StatusPage.Bench.EmailFanOut;

/// <summary>
/// Email fan-out: N verified subscribers, one incident update, time from sending the update until the local SMTP server
/// has accepted all N messages, and the host's peak RSS; beside it the rate at which the same SMTP server accepts
/// messages from a bare MailKit loop on one reused connection (the physical reference).
/// </summary>
public static class Program
{
    public static async Task Main(string[] args)
    {
        var count = int.Parse(Environment.GetEnvironmentVariable("BENCH_EMAIL_SUBSCRIBERS") ?? "10000");
        var hostDll = args[0];
        await using var smtp = new SmtpCatcher(FreePort());
        await smtp.Start();

        var reference = await BareMailKit(smtp, count);
        var apiPort = FreePort();
        using var host = StartHost(hostDll, apiPort, smtp.Port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromMinutes(5) };
            await WaitForHealth(http, host);
            var (org, key) = await CreateOrganization(http);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            var component = await Id(await http.PostAsJsonAsync($"/api/orgs/{org}/components", new { name = "API" }));
            var csv = string.Join("\n", Enumerable.Range(0, count).Select(i => $"bench-{i}@example.com"));
            await Ensure(await http.PostAsync($"/api/orgs/{org}/subscribers/import?consented=true", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv")));
            var incident = await Id(await http.PostAsJsonAsync($"/api/orgs/{org}/incidents", new
            {
                name = "Database down", impact = "major", status = "investigating", message = "Looking into it.", notify = false,
                components = new Dictionary<string, string> { [component] = "major_outage" }
            }));

            var before = smtp.Mails.Count;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = new Stopwatch();
            var first = TimeSpan.Zero;
            smtp.Caught += _ =>
            {
                if (first == TimeSpan.Zero) first = clock.Elapsed;
                if (smtp.Mails.Count - before >= count) done.TrySetResult();
            };
            clock.Start();
            await Ensure(await http.PostAsJsonAsync($"/api/orgs/{org}/incidents/{incident}/updates",
                new { status = "identified", message = "The cause is found; a fix is rolling out." }));
            var accepted = clock.Elapsed;
            await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
            var all = clock.Elapsed;
            var peak = PeakRss(host.Id);

            var rate = count / all.TotalSeconds;
            Console.WriteLine("| measure | result | target |");
            Console.WriteLine("|---|---|---|");
            Console.WriteLine($"| {count:N0} verified subscribers, one incident update → SMTP server has accepted all | {all.TotalSeconds:0.0} s ({rate:N0} messages/s; update's 2xx after {accepted.TotalMilliseconds:0} ms, first message accepted after {first.TotalMilliseconds:0} ms) | ≤ 20 s |");
            Console.WriteLine($"| host peak RSS (VmHWM, import and fan-out included) | {peak / 1024.0:N0} MB | |");
            Console.WriteLine($"| bare MailKit loop, one reused connection, same SMTP server (reference) | {reference:N0} messages/s; ratio {rate / reference:P0} | |");
        }
        finally
        {
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
        }
    }

    /// <summary>Messages per second the SMTP server takes from one MailKit client on one connection, as fast as it can send.</summary>
    private static async Task<double> BareMailKit(SmtpCatcher smtp, int count)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", smtp.Port, SecureSocketOptions.None);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage { Subject = "[Bench] Incident: Database down (Identified)" };
            message.From.Add(new MailboxAddress("Bench", "status@example.com"));
            message.To.Add(MailboxAddress.Parse($"reference-{i}@example.com"));
            message.Body = new BodyBuilder
            {
                TextBody = new string('t', 700), HtmlBody = "<html><body>" + new string('h', 1500) + "</body></html>"
            }.ToMessageBody();
            await client.SendAsync(message);
        }

        var rate = count / clock.Elapsed.TotalSeconds;
        await client.DisconnectAsync(true);
        return rate;
    }

    private static Process StartHost(string hostDll, int apiPort, int smtpPort)
    {
        var start = new ProcessStartInfo("dotnet", [hostDll]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["API_PORT"] = apiPort.ToString();
        start.Environment["SMTP_HOST"] = "127.0.0.1";
        start.Environment["SMTP_PORT"] = smtpPort.ToString();
        start.Environment["SMTP_TLS"] = "none";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealth(HttpClient http, Process host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("The host did not become healthy.");
    }

    private static async Task<(string Org, string Key)> CreateOrganization(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orgs")
        {
            Content = JsonContent.Create(new { name = "Email bench", slug = "bench-" + Guid.NewGuid().ToString("N")[..8] })
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Environment.GetEnvironmentVariable("ADMIN_TOKEN"));
        var body = JsonNode.Parse(await Ensure(await http.SendAsync(request)))!;
        return (body["id"]!.GetValue<string>(), body["apiKey"]!.GetValue<string>());
    }

    private static async Task<string> Id(HttpResponseMessage response) => JsonNode.Parse(await Ensure(response))!["id"]!.GetValue<string>();

    private static async Task<string> Ensure(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode} {text}");
        return text;
    }

    private static long PeakRss(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
