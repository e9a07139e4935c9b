using System.Diagnostics;
using System.Net.Http.Json;
using Npgsql;
using StatusPage.Integration.Tests.Live;
using StatusPage.Integration.Tests.Webhooks;

namespace StatusPage.Integration.Tests.Operations;

/// <summary>
/// The backup of docs/operations.md, done with the real pg_dump and pg_restore: a dump of a running node's database,
/// restored into a new database, serves the same page and history and signs webhooks with the same secrets.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class BackupRestoreTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_dump_of_a_running_system_restored_into_a_new_database_serves_the_same_page_history_and_webhook_signatures()
    {
        await using var original = await ScratchDatabase.Create();
        await using var restored = await ScratchDatabase.Create();
        await using var receiver = await WebhookReceiver.Start();
        var dump = Path.Combine(Path.GetTempPath(), $"statuspage-{Guid.NewGuid():N}.dump");
        try
        {
            TestOrganization org;
            Guid incident;
            string secret;
            Guid webhook;
            Dictionary<string, string> before;
            await using (var node = await HostProcess.Start(LiveNode.SharedRedis, Settings(original)))
            {
                org = await node.NewOrganization(fixture);
                (webhook, secret) = await org.RegisterWebhook(receiver.Url("/hook"));
                var api = await org.AddComponent("API");
                incident = await org.Declare(api);
                await Until(async () => (await Text(node, $"/{org.Slug}/api/v2/summary.json")).Contains("Database down"), "the page shows the incident");
                before = await Documents(node, org, incident);
                await Ping(org, webhook);

                await Run("pg_dump", "--format=custom", $"--file={dump}", Url(original));
            }

            await Run("pg_restore", "--clean", "--if-exists", "--no-owner", $"--dbname={Url(restored)}", dump);
            await using var successor = await HostProcess.Start(LiveNode.SharedRedis, Settings(restored));
            var onSuccessor = org with { Node = successor };

            Assert.Equal(before, await Documents(successor, onSuccessor, incident));
            await Ping(onSuccessor, webhook);
            await Until(() => Task.FromResult(receiver.At("/hook").Count(IsPing) == 2), "both pings arrive");
            var received = receiver.At("/hook");
            Assert.All(received, request => request.Verify(secret));

            var resolved = await onSuccessor.Owner.PostAsJsonAsync(onSuccessor.Api($"/incidents/{incident}/updates"), new { status = "resolved", message = "Fixed." });
            Assert.Equal(200, (int)resolved.StatusCode);
            await Until(async () => !(await Text(successor, $"/{org.Slug}/api/v2/incidents/unresolved.json")).Contains("Database down"),
                "the restored system's projections carry on from the dump");
        }
        finally
        {
            File.Delete(dump);
        }
    }

    private static bool IsPing(WebhookReceiver.Request request) => request.Hook.Type == "ping";

    private static Dictionary<string, string> Settings(ScratchDatabase database) => new()
    {
        ["DATABASE_URL"] = database.ConnectionString, ["OUTBOUND_ALLOW_CIDRS"] = "127.0.0.0/8"
    };

    /// <summary>What readers and operators see: the page, its history, the incident's event history.</summary>
    private static async Task<Dictionary<string, string>> Documents(HostProcess node, TestOrganization org, Guid incident) => new()
    {
        ["summary"] = await Text(node, $"/{org.Slug}/api/v2/summary.json"),
        ["history"] = await Text(node, $"/{org.Slug}/history"),
        ["incident"] = await Text(node, $"/{org.Slug}/incidents/{incident}"),
        ["events"] = await (await org.Owner.GetAsync(org.Api($"/incidents/{incident}/events"))).Content.ReadAsStringAsync()
    };

    private static async Task<string> Text(HostProcess node, string path)
    {
        var response = await node.Client().GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task Ping(TestOrganization org, Guid webhook) =>
        Assert.Equal(200, (int)(await org.Owner.PostAsync(org.Api($"/webhooks/{webhook}/ping"), null)).StatusCode);

    private static string Url(ScratchDatabase database)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
    }

    /// <summary>A PostgreSQL client program of the newest installed version, as services.sh finds the server.</summary>
    private static async Task Run(string program, params string[] arguments)
    {
        var binary = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", program)).Where(File.Exists)
            .OrderBy(p => int.Parse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p)))!)).Last();
        using var process = Process.Start(new ProcessStartInfo(binary, arguments) { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"{program} failed: {await errors}");
    }

    private static async Task Until(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }
}
