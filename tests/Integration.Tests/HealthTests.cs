using System.Diagnostics;
using System.Reflection;
using Alba;
using Microsoft.AspNetCore.Hosting;
using StatusPage.Host.Configuration;
using StatusPage.Integration.Tests.Operations;
using Wolverine;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class HealthTests(StatusPageFixture fixture)
{
    /// <summary>The product's version as the build stamps it (Directory.Build.props, with the commit when built from git).</summary>
    public static readonly string Version =
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

    [Fact]
    public async Task Health_reports_both_servers_up_and_the_version()
    {
        Assert.StartsWith("0.2.0", Version);
        var response = await fixture.Client().GetAsync("/health");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($$"""{"status":"ok","version":"{{Version}}","database":"ok","redis":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_checks_the_servers_and_the_projections()
    {
        var response = await fixture.Client().GetAsync("/health/ready");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal($$"""{"status":"ok","version":"{{Version}}","database":"ok","redis":"ok","projections":"ok"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_is_503_naming_projections_left_behind_longer_than_allowed()
    {
        await fixture.NewOrganization();
        await fixture.Settled();
        // Below zero, every projection counts as too far behind, caught up or not.
        await using var host = await Host(("Health__MaxProjectionLagSeconds", "-1"));
        var response = await host.Server.CreateClient().GetAsync("/health/ready");
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal($$"""{"status":"down","version":"{{Version}}","database":"ok","redis":"ok","projections":"down"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("stopped")]
    [InlineData("hanging")]
    public async Task With_redis_down_ready_and_health_are_503_naming_it_within_a_second_and_live_is_200(string redis)
    {
        // A listener never accepting: the system completes each connection, and nothing ever answers on it.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        if (redis == "stopped") listener.Stop();
        await using var host = await Host(("REDIS_URL", $"127.0.0.1:{port}"));
        var client = host.Server.CreateClient();

        // Also the host's first request, which pays for building its routes.
        var live = await client.GetAsync("/health/live");
        Assert.Equal(200, (int)live.StatusCode);
        Assert.Equal($$"""{"status":"ok","version":"{{Version}}"}""", await live.Content.ReadAsStringAsync());

        foreach (var (path, body) in new[]
                 {
                     ("/health/ready", $$"""{"status":"down","version":"{{Version}}","database":"ok","redis":"down","projections":"ok"}"""),
                     ("/health", $$"""{"status":"down","version":"{{Version}}","database":"ok","redis":"down"}""")
                 })
            await AnswersWithinASecond(client, path, body);
    }

    [Fact]
    public async Task With_postgresql_hanging_ready_and_health_are_503_naming_it_within_a_second()
    {
        var server = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__Postgres")
                                                              ?? PostgresUrl.ToConnectionString(Environment.GetEnvironmentVariable("DATABASE_URL")!));
        await using var relay = HangingRelay.To(server.Host!, server.Port);
        await using var host = await Host(("DATABASE_URL", new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = relay.Port }.ConnectionString));
        var client = host.Server.CreateClient();
        Assert.Equal(200, (int)(await client.GetAsync("/health/ready")).StatusCode);

        relay.Hold();
        try
        {
            foreach (var (path, body) in new[]
                     {
                         ("/health/ready", $$"""{"status":"down","version":"{{Version}}","database":"down","redis":"ok","projections":"down"}"""),
                         ("/health", $$"""{"status":"down","version":"{{Version}}","database":"down","redis":"ok"}""")
                     })
                await AnswersWithinASecond(client, path, body);
        }
        finally
        {
            relay.Release();
        }
    }

    private static async Task AnswersWithinASecond(HttpClient client, string path, string body)
    {
        var answered = Stopwatch.StartNew();
        var response = await client.GetAsync(path);
        Assert.InRange(answered.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A host of its own with some environment variables changed while it is built (tests of this collection run one at a time).</summary>
    private static async Task<IAlbaHost> Host(params (string Variable, string Value)[] changes)
    {
        var before = changes.Select(c => (c.Variable, Environment.GetEnvironmentVariable(c.Variable))).ToList();
        foreach (var (variable, value) in changes) Environment.SetEnvironmentVariable(variable, value);
        try
        {
            return await AlbaHost.For<Program>(builder =>
            {
                builder.UseEnvironment("Testing");
                builder.ConfigureServices(services => services.RunWolverineInSoloMode());
            });
        }
        finally
        {
            foreach (var (variable, value) in before) Environment.SetEnvironmentVariable(variable, value);
        }
    }
}
