using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Operations;

/// <summary>
/// A node started with a setting it cannot work with stops at once with a non-zero exit and one line naming the
/// variable (and the offending part), rather than starting and failing later or dropping what it did not understand.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class ConfigurationChecksTests
{
    [Theory]
    [InlineData("PUBLIC_URL", "status.example.com", "PUBLIC_URL 'status.example.com' is not an absolute http:// or https:// URL")]
    [InlineData("PUBLIC_URL", "ftp://status.example.com", "PUBLIC_URL 'ftp://status.example.com' is not an absolute http:// or https:// URL")]
    [InlineData("DATABASE_URL", "postgres://statuspage:secret@127.0.0.1:5432/statuspage?sslmode=require&pool_size=5", "DATABASE_URL: unknown parameter 'pool_size'")]
    [InlineData("DATABASE_URL", "postgres://statuspage:secret@127.0.0.1:5432/statuspage?sslmode=always", "DATABASE_URL: sslmode 'always' is not one of")]
    [InlineData("REDIS_URL", "redis://127.0.0.1:6379/0?timeout=5", "REDIS_URL: unknown parameter 'timeout'")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.1, proxy.internal", "TRUSTED_PROXIES: 'proxy.internal' is neither an IP address nor a CIDR range")]
    [InlineData("TRUSTED_PROXIES", "10.0.0.0/33", "TRUSTED_PROXIES: '10.0.0.0/33' is neither")]
    [InlineData("BIND_ADDRESS", "everywhere", "BIND_ADDRESS 'everywhere' is not an IP address")]
    [InlineData("API_PORT", "70000", "API_PORT '70000' is not a port number")]
    public async Task A_bad_setting_stops_the_host_with_a_message_naming_it(string variable, string value, string message)
    {
        var (exitCode, output) = await HostProcess.Refused(new Dictionary<string, string> { [variable] = value });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("StatusPage cannot start: ", output);
        Assert.Contains(message, output);
        Assert.DoesNotContain("secret", output);
    }

    [Fact]
    public async Task A_loopback_public_url_in_production_is_a_warning()
    {
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production", ["PUBLIC_URL"] = "http://localhost:5000"
        });

        Assert.Contains(node.Output, line => line.Contains("PUBLIC_URL is http://localhost:5000, a loopback address"));
    }
}
