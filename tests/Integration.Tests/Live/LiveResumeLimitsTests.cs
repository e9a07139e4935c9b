using System.Net.Http.Json;

namespace StatusPage.Integration.Tests.Live;

/// <summary>A node that replays at most five missed updates to a resuming client.</summary>
public sealed class ShortReplayNode : IAsyncLifetime
{
    public const int MaxReplay = 5;

    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await HostProcess.Start(LiveNode.SharedRedis,
        new Dictionary<string, string> { ["Live__MaxReplay"] = MaxReplay.ToString() });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>A resume costs the node at most a bounded replay: a longer or older gap is answered with a reload event.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class LiveResumeLimitsTests(StatusPageFixture fixture, ShortReplayNode node) : IClassFixture<ShortReplayNode>
{
    [Fact]
    public async Task A_gap_as_long_as_the_limit_is_replayed_in_full()
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent();
        var lastSeen = await LastSeen(org);
        await Change(org, api, ShortReplayNode.MaxReplay);

        await using var resumed = await SseClient.Connect(node.Host.Client(), $"/{org.Slug}/stream", lastSeen);
        Assert.Equal("connected", (await resumed.Next()).Event);
        for (var i = 1; i <= ShortReplayNode.MaxReplay; i++)
            Assert.Equal($"change {i}", (await resumed.Next()).Json["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_resume_from_the_first_event_past_the_limit_is_told_to_reload_then_follows_live_updates()
    {
        var org = await node.Host.NewOrganization(fixture);
        var api = await org.AddComponent();
        await Change(org, api, ShortReplayNode.MaxReplay + 1);
        await LastSeen(org);

        await using var resumed = await SseClient.Connect(node.Host.Client(), $"/{org.Slug}/stream", "0");
        Assert.Equal("connected", (await resumed.Next()).Event);
        var reload = await resumed.Next();
        Assert.Equal("reload", reload.Event);
        Assert.Null(reload.Id);

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { description = "after the reload" });
        var next = await resumed.Next();
        Assert.Equal("after the reload", next.Json["description"]!.GetValue<string>());
        Assert.True(next.Sequence > reload.Json["through"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_gap_older_than_the_age_limit_is_told_to_reload_on_the_operator_stream_too()
    {
        await using var forgetful = await HostProcess.Start(LiveNode.SharedRedis,
            new Dictionary<string, string> { ["Live__MaxReplayAge"] = "00:00:00" });
        var org = await forgetful.NewOrganization(fixture);
        var api = await org.AddComponent();
        var lastSeen = await LastSeen(org);
        await Change(org, api, 1);
        // Published before the resume, or the change would simply arrive live.
        await LastSeen(org);

        await using var resumed = await SseClient.Connect(org.Owner, org.Api("/stream"), lastSeen);
        Assert.Equal("connected", (await resumed.Next()).Event);
        Assert.Equal("reload", (await resumed.Next()).Event);
    }

    /// <summary>The id of the organization's latest change, once the publisher has sent it.</summary>
    private static async Task<string> LastSeen(TestOrganization org)
    {
        var marker = Guid.NewGuid().ToString();
        await using var stream = await SseClient.Connect(org.Owner, org.Api("/stream"));
        var component = await org.AddComponent(marker);
        return (await stream.Until(m => m.Json["id"]?.GetValue<string>() == component.ToString())).Id!;
    }

    private static async Task Change(TestOrganization org, Guid component, int times)
    {
        for (var i = 1; i <= times; i++)
            Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{component}"), new { description = $"change {i}" })).StatusCode);
    }
}
