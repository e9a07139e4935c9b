using System.Text.Json;
using StatusPage.Host.Live;
using StatusPage.Projections.Live;

namespace StatusPage.Integration.Tests.Live;

/// <summary>The in-memory fan-out every node does from its one Redis subscription.</summary>
public sealed class FanOutTests
{
    private static LiveFrame Update(Guid organization, long sequence, bool isPublic = true) => LiveFrame.For(
        new LiveUpdate(organization, sequence, isPublic ? "service:status" : "apikey:issued", isPublic, JsonDocument.Parse("{}").RootElement));

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_while_a_reading_client_gets_everything()
    {
        var organization = Guid.NewGuid();
        var slow = new LiveConnection(organization, publicOnly: false, buffer: 4);
        var fast = new LiveConnection(organization, publicOnly: false, buffer: 4);
        var received = new List<long>();

        for (var sequence = 1L; sequence <= 1_000; sequence++)
        {
            slow.Offer(Update(organization, sequence));
            fast.Offer(Update(organization, sequence));
            while (fast.Pending.TryRead(out var frame)) received.Add(frame.Update!.Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 1_000).Select(i => (long)i), received);
        Assert.True(slow.Overflowed);
        var kept = new List<long>();
        await foreach (var frame in slow.Pending.ReadAllAsync()) kept.Add(frame.Update!.Sequence);
        Assert.Equal([1L, 2, 3, 4], kept);
    }

    [Fact]
    public void A_public_connection_never_holds_a_private_topic()
    {
        var organization = Guid.NewGuid();
        var reader = new LiveConnection(organization, publicOnly: true, buffer: 8);
        reader.Offer(Update(organization, 1, isPublic: false));
        reader.Offer(Update(organization, 2));
        Assert.True(reader.Pending.TryRead(out var only));
        Assert.Equal(2, only.Update!.Sequence);
        Assert.False(reader.Pending.TryRead(out _));
    }
}
