using Marten;
using Marten.Events.Daemon.HighWater;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace StatusPage.Integration.Tests;

/// <summary>The async daemon rests between looks when caught up; a committed change must wake it.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class NewEventsSignalTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_committed_change_sends_the_notice_the_daemon_listens_for()
    {
        var org = await fixture.NewOrganization();
        await fixture.Settled();
        await using var listener = fixture.Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await listener.OpenAsync();
        var notices = 0;
        listener.Notification += (_, _) => Interlocked.Increment(ref notices);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresqlListenWakeup.DefaultChannel}", listener))
            await listen.ExecuteNonQueryAsync();

        await org.AddComponent("API");

        Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(30)), "no notice within 30 s of the commit");
        Assert.True(notices > 0);
    }
}
