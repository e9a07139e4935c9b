namespace StatusPage.Integration.Tests.Live;

/// <summary>A node told to stop (SIGTERM, as by an orchestrator or `docker stop`) ends its live streams and exits.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class ShutdownTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Sigterm_ends_public_and_operator_streams_with_a_reconnect_notice_and_the_process_exits()
    {
        var node = await HostProcess.Start(LiveNode.SharedRedis);
        await using (node)
        {
            var org = await node.NewOrganization(fixture);
            await using var reader = await SseClient.Connect(node.Client(), $"/{org.Slug}/stream");
            await using var operatorStream = await SseClient.Connect(org.Owner, org.Api("/stream"));
            Assert.Equal("connected", (await reader.Next()).Event);
            Assert.Equal("connected", (await operatorStream.Next()).Event);

            // Generous: a node that never lets go fails here rather than hanging the run; the figure is in bench/.
            var exitCode = await node.Terminate(TimeSpan.FromSeconds(60));

            Assert.Equal(0, exitCode);
            foreach (var stream in new[] { reader, operatorStream })
            {
                Assert.Contains("shutting down", await Notice(stream));
                Assert.True(await stream.Ended());
            }
        }
    }

    private static async Task<string> Notice(SseClient stream)
    {
        while (true)
        {
            if (await stream.NextComment() is var comment and not "heartbeat") return comment;
        }
    }
}
