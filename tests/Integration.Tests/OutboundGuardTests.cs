using System.Net;
using System.Net.Sockets;
using StatusPage.Application.Outbound;

namespace StatusPage.Integration.Tests;

public class OutboundGuardTests
{
    private static readonly OutboundGuard Strict = OutboundGuard.Allowing(null);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.1")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("::a00:1")]
    [InlineData("fec0::1")]
    [InlineData("168.63.129.16")]
    public void Refuses_addresses_that_are_not_public(string address) => Assert.False(Strict.Permits(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2606:4700:4700::1111")]
    public void Permits_public_addresses(string address) => Assert.True(Strict.Permits(IPAddress.Parse(address)));

    [Fact]
    public void An_allowed_range_opens_that_range_only()
    {
        var guard = OutboundGuard.Allowing("127.0.0.0/8, 10.9.0.0/16");
        Assert.True(guard.Permits(IPAddress.Parse("127.0.0.1")));
        Assert.True(guard.Permits(IPAddress.Parse("10.9.1.1")));
        Assert.False(guard.Permits(IPAddress.Parse("10.8.1.1")));
        Assert.False(guard.Permits(IPAddress.Parse("169.254.169.254")));
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("/relative")]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    public async Task Refuses_targets_that_are_not_public_http(string url) => Assert.NotNull(await Strict.ProblemWith(url, default));

    [Fact]
    public async Task Connections_go_only_to_permitted_addresses_whatever_the_url_said_before()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var strict = new HttpClient(Strict.Handler());
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync($"http://localhost:{port}/"));
        Assert.IsType<OutboundRefusedException>(refused.InnerException);

        using var socket = await OutboundGuard.Allowing("127.0.0.0/8").Connect("localhost", port, default);
        using var accepted = await listener.AcceptSocketAsync();
        Assert.True(socket.Connected);
    }

    [Fact]
    public async Task A_configured_proxy_is_bypassed_so_the_guard_sees_the_real_target()
    {
        using var proxy = new TcpListener(IPAddress.Loopback, 0);
        proxy.Start();
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var handler = OutboundGuard.Allowing("127.0.0.0/8").Handler();
        // What HTTP_PROXY would make the default; the handler must not go through it.
        handler.Proxy = new WebProxy($"http://127.0.0.1:{((IPEndPoint)proxy.LocalEndpoint).Port}") { BypassProxyOnLocal = false };
        using var client = new HttpClient(handler);
        using var abandon = new CancellationTokenSource();

        var request = client.GetAsync($"http://127.0.0.1:{((IPEndPoint)target.LocalEndpoint).Port}/", abandon.Token);
        using var accepted = await target.AcceptSocketAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(proxy.Pending());
        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }
}
