using System.Net.Http.Json;

namespace StatusPage.Integration.Tests.Live;

/// <summary>
/// A maintenance's auto-transitions on real host processes: planned by one node, which then dies, and carried out
/// by the survivors on time, once. They get a database of their own, so that the in-memory test host (whose clock
/// the other tests move) cannot pick the planned messages up instead.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class MaintenanceClusterTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_window_planned_by_a_node_that_died_starts_and_completes_once_on_the_other_nodes()
    {
        await using var database = await ScratchDatabase.Create();
        var settings = new Dictionary<string, string> { ["DATABASE_URL"] = database.ConnectionString };
        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => HostProcess.Start(LiveNode.SharedRedis, settings)));
        await using var planner = nodes[0];
        await using var b = nodes[1];
        await using var c = nodes[2];

        var onPlanner = await planner.NewOrganization(fixture);
        var api = await onPlanner.AddComponent("API");
        var db = await onPlanner.AddComponent("Database");
        await onPlanner.Owner.PatchAsJsonAsync(onPlanner.Api($"/components/{db}"), new { status = "degraded_performance" });
        // Far enough apart that the start and the end are never picked up by one poll of the durable inbox (every 5 s).
        var from = MaintenanceRequests.WholeSeconds(DateTimeOffset.UtcNow.AddSeconds(6));
        var until = from.AddSeconds(10);
        var id = await onPlanner.ScheduleMaintenance(from, until, autoStart: true, api, db);

        Assert.Equal([("Scheduled", from.UtcDateTime), ("Scheduled", until.UtcDateTime)], await database.Planned("%Maintenance"));
        await planner.Crash();
        Assert.True(DateTimeOffset.UtcNow < from, "The planning node must be gone before the window starts.");

        var org = onPlanner with { Node = b };
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while ((await org.Maintenance(id)).Status != "completed")
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The maintenance did not complete by itself within 90 s of being planned.");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        var history = await org.Events($"/maintenances/{id}");
        Assert.Equal(["maintenance_scheduled", "maintenance_update_posted", "maintenance_update_posted"], history.Select(e => e.Type));
        Assert.Equal(["in_progress", "completed"], history.Skip(1).Select(e => e.DataAs<PostedUpdateAnswer>().Status));
        var startedAt = history[1].Timestamp;
        Assert.True(startedAt >= from, $"Started at {startedAt:O}, before its time {from:O}.");
        Assert.Equal(["under_maintenance", "operational"], await StatusesOf(org, api));
        Assert.Equal(["degraded_performance", "under_maintenance", "degraded_performance"], await StatusesOf(org, db));
        Assert.DoesNotContain(await database.Planned("%Maintenance"), planned => planned.Status == "Scheduled");
    }

    private static async Task<string[]> StatusesOf(TestOrganization org, Guid component) =>
        (await org.Events($"/components/{component}")).Skip(1).Select(e => e.DataAs<StatusChangeAnswer>().NewStatus).ToArray();
}
