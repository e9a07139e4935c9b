using Alba;
using Microsoft.AspNetCore.Hosting;
using Wolverine;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class HealthTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Health_reports_both_servers_up()
    {
        var response = await fixture.Client().GetAsync("/health");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"status":"ok","database":"ok","redis":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_503_naming_redis_when_redis_is_unreachable()
    {
        var closedPort = System.Net.Sockets.TcpListener.Create(0);
        closedPort.Start();
        var port = ((System.Net.IPEndPoint)closedPort.LocalEndpoint).Port;
        closedPort.Stop();

        // The host reads REDIS_URL while it is built; tests of this collection run one at a time.
        var redisUrl = Environment.GetEnvironmentVariable("REDIS_URL");
        Environment.SetEnvironmentVariable("REDIS_URL", $"127.0.0.1:{port},connectTimeout=500");
        IAlbaHost host;
        try
        {
            host = await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Testing");
                builder.ConfigureServices(services =>
                {
                    services.RunWolverineInSoloMode();
                    });
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("REDIS_URL", redisUrl);
        }

        await using var _ = host;
        var response = await host.Server.CreateClient().GetAsync("/health");
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("""{"status":"down","database":"ok","redis":"down"}""", await response.Content.ReadAsStringAsync());
    }
}
