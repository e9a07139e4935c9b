namespace StatusPage.Testing;

/// <summary>One Host process on the run's Redis, shared by the live tests of a class.</summary>
public sealed class LiveNode : IAsyncLifetime
{
    public HostProcess Host { get; private set; } = null!;

    public static string SharedRedis => Environment.GetEnvironmentVariable("REDIS_URL")
                                        ?? throw new InvalidOperationException("REDIS_URL is not set.");

    public async Task InitializeAsync() => Host = await HostProcess.Start(SharedRedis);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
