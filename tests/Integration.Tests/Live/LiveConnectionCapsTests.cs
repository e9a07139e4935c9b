using System.Net;
using System.Net.Sockets;

namespace StatusPage.Integration.Tests.Live;

/// <summary>No one client address and no one organization can take a node's whole live connection budget.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class LiveConnectionCapsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task One_client_address_is_refused_past_its_cap_while_other_addresses_still_connect()
    {
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string> { ["Live__MaxConnectionsPerClient"] = "2" });
        var org = await node.NewOrganization(fixture);
        var other = await node.NewOrganization(fixture);
        await using var first = await SseClient.Connect(node.Client(), $"/{org.Slug}/stream");
        await using var second = await SseClient.Connect(node.Client(), $"/{other.Slug}/stream");

        var refused = await node.Client().GetAsync($"/{org.Slug}/stream", HttpCompletionOption.ResponseHeadersRead);
        await refused.AssertProblem(503);
        Assert.NotNull(refused.Headers.RetryAfter);
        await using var elsewhere = await SseClient.Connect(From(node, "127.0.0.2"), $"/{org.Slug}/stream");
        Assert.Equal("connected", (await elsewhere.Next()).Event);

        await first.DisposeAsync();
        await Reconnects(node.Client(), $"/{org.Slug}/stream");
    }

    [Fact]
    public async Task One_organization_is_refused_past_its_cap_while_other_pages_still_connect()
    {
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string> { ["Live__MaxConnectionsPerOrganization"] = "2" });
        var busy = await node.NewOrganization(fixture);
        var quiet = await node.NewOrganization(fixture);
        await using var reader = await SseClient.Connect(node.Client(), $"/{busy.Slug}/stream");
        await using var operatorStream = await SseClient.Connect(busy.Owner, busy.Api("/stream"));

        await (await node.Client().GetAsync($"/{busy.Slug}/stream", HttpCompletionOption.ResponseHeadersRead)).AssertProblem(503);
        await using var elsewhere = await SseClient.Connect(node.Client(), $"/{quiet.Slug}/stream");
        Assert.Equal("connected", (await elsewhere.Next()).Event);
    }

    /// <summary>A connection given back is noticed by the node when the client goes, a moment later.</summary>
    private static async Task Reconnects(HttpClient client, string path) =>
        await Eventually.True(async () =>
        {
            var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            using (response) return response.StatusCode == HttpStatusCode.OK;
        }, $"{path} takes a connection again");

    /// <summary>A client of the node whose connections come from another loopback address.</summary>
    private static HttpClient From(HostProcess node, string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new NetworkStream(socket, ownsSocket: true);
        }
    }) { BaseAddress = node.BaseAddress };
}
