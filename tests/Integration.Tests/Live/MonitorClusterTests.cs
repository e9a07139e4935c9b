using StatusPage.Integration.Tests.Monitors;

namespace StatusPage.Integration.Tests.Live;

/// <summary>
/// A monitor's checks on two real host processes with real clocks: each planned check runs once in the cluster,
/// within its interval, and the checks go on when the node that planned them dies. A database of their own keeps the in-memory
/// test host from picking the checks up.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class MonitorClusterTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Each_check_runs_once_per_interval_across_two_nodes_and_keeps_running_when_one_dies()
    {
        await using var database = await ScratchDatabase.Create();
        await using var target = new TargetServer();
        var settings = new Dictionary<string, string> { ["DATABASE_URL"] = database.ConnectionString, ["OUTBOUND_ALLOW_CIDRS"] = "127.0.0.0/8" };
        await using var a = await HostProcess.Start(LiveNode.SharedRedis, settings);
        var onA = await a.NewOrganization(fixture);
        var api = await onA.AddComponent("API");
        var monitor = await onA.AttachMonitor(api, new { type = "http", url = target.Url, intervalSeconds = 10, timeoutSeconds = 2 });
        await ChecksUntil(onA, monitor, 2);

        // Node A ran the first checks alone; both run the next ones; node B alone, once A has died, the last ones.
        await using var b = await HostProcess.Start(LiveNode.SharedRedis, settings);
        await ChecksUntil(onA, monitor, 4);
        await a.Crash();
        var checks = await ChecksUntil(onA with { Node = b }, monitor, 6);

        var planned = checks.Select(c => c.PlannedAt).Reverse().ToList();
        Assert.Equal(planned.Count, target.Hits);
        Assert.All(planned.Zip(planned.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(10), pair.Second - pair.First));
        var lags = checks.Select(c => c.CheckedAt - c.PlannedAt).ToList();
        // How late is measured in bench/; here, only that no check ran early or slipped into the next one's interval.
        Assert.All(lags, lag => Assert.InRange(lag, TimeSpan.Zero, TimeSpan.FromSeconds(10)));
        Assert.Single(await database.Planned("%RunCheck"), p => p.Status == "Scheduled");
    }

    private static async Task<List<CheckAnswer>> ChecksUntil(TestOrganization org, Guid monitor, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var checks = await org.Checks(monitor);
            if (checks.Count >= count) return checks;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Only {checks.Count} of {count} checks within 90 s.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
