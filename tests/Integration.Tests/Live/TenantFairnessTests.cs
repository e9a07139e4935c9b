using StatusPage.Integration.Tests.Monitors;
using StatusPage.Integration.Tests.Webhooks;

namespace StatusPage.Integration.Tests.Live;

/// <summary>
/// One organization's black-holed targets do not hold up another organization's checks or deliveries: on a node with
/// four workers and a share of two per organization, one organization's work that hangs for its whole timeout leaves
/// room for the other's, which is done before any of the hung work has given up. A database of its own keeps the
/// in-memory test host (with its many workers) from picking the work up.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class TenantFairnessTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Hung_checks_of_one_organization_leave_another_organizations_checks_running()
    {
        await using var database = await ScratchDatabase.Create();
        await using var blackHole = new TargetServer { DelayMs = 120_000 };
        await using var healthy = new TargetServer();
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database.ConnectionString, ["OUTBOUND_ALLOW_CIDRS"] = "127.0.0.0/8",
            ["Monitors__ConcurrentChecks"] = "4", ["Monitors__ChecksPerOrganization"] = "2"
        });

        var noisy = await node.NewOrganization(fixture);
        var hung = new List<Guid>();
        for (var i = 0; i < 6; i++)
            hung.Add(await noisy.AttachMonitor(await noisy.AddComponent($"Black hole {i}"),
                new { type = "http", url = blackHole.Url, intervalSeconds = 60, timeoutSeconds = 50 }));
        await Eventually.True(() => Task.FromResult(blackHole.Hits >= 2), "the noisy organization's checks are hanging");

        var quiet = await node.NewOrganization(fixture);
        var monitor = await quiet.AttachMonitor(await quiet.AddComponent("API"),
            new { type = "http", url = healthy.Url, intervalSeconds = 60, timeoutSeconds = 5 });
        await Eventually.True(async () => (await quiet.Checks(monitor)).Count == 1, "the quiet organization's monitor is checked");

        foreach (var id in hung) Assert.Empty(await noisy.Checks(id));
        Assert.Equal(2, blackHole.Hits);
    }

    [Fact]
    public async Task Hung_deliveries_of_one_organization_leave_another_organizations_deliveries_going()
    {
        await using var database = await ScratchDatabase.Create();
        await using var blackHole = new TargetServer { DelayMs = 120_000 };
        await using var receiver = await WebhookReceiver.Start();
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
        {
            ["DATABASE_URL"] = database.ConnectionString, ["OUTBOUND_ALLOW_CIDRS"] = "127.0.0.0/8",
            ["Webhooks__Workers"] = "4", ["Webhooks__DeliveriesPerOrganization"] = "2"
        });

        var noisy = await node.NewOrganization(fixture);
        var hung = new List<Guid>();
        for (var i = 0; i < 4; i++) hung.Add((await noisy.RegisterWebhook(blackHole.Url)).Id);
        await noisy.Declare(await noisy.AddComponent("API"));
        await Eventually.True(() => Task.FromResult(blackHole.Hits >= 2), "the noisy organization's deliveries are hanging");

        var quiet = await node.NewOrganization(fixture);
        await quiet.RegisterWebhook(receiver.Url("/quiet"));
        await quiet.Declare(await quiet.AddComponent("API"));
        await receiver.WaitFor("/quiet", 1, TimeSpan.FromSeconds(30));

        foreach (var id in hung)
            Assert.All(await noisy.Deliveries(id), d => Assert.Empty(d.Attempts));
        Assert.Equal(2, blackHole.Hits);
    }
}
