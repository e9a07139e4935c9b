using System.Net;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Operations;

/// <summary>
/// X-Forwarded-For, -Proto and -Host are believed from the proxies TRUSTED_PROXIES names and from no one else: the
/// per-client limits count the forwarded client (an IPv6 /64 as one), and GitHub sign-in sends GitHub back to the
/// scheme and host the proxy was reached at. The test client connects from 127.0.0.1, so listing it makes the test a
/// trusted proxy.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class TrustedProxiesTests
{
    private const int HeartbeatsPerMinute = 2;

    [Fact]
    public async Task A_trusted_proxy_speaks_for_the_client_address_scheme_and_host()
    {
        await using var node = await Node("10.0.0.0/8, 127.0.0.1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], await Beats(node, "203.0.113.7", "203.0.113.7", "203.0.113.7"));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], await Beats(node, "203.0.113.8", "::ffff:203.0.113.8", "203.0.113.8"));
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests],
            await Beats(node, "2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2:abcd::9"));
        Assert.Equal([HttpStatusCode.NotFound], await Beats(node, "2001:db8:1:3::1"));

        Assert.StartsWith("https://status.example.com/dashboard/sign-in/github/callback", await GitHubRedirectUri(node));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_trusted_proxy_are_ignored()
    {
        await using var node = await Node("10.0.0.0/8");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], await Beats(node, "203.0.113.7", "203.0.113.8", "203.0.113.9"));

        Assert.StartsWith($"{node.BaseAddress.GetLeftPart(UriPartial.Authority)}/dashboard/sign-in/github/callback", await GitHubRedirectUri(node));
    }

    private static Task<HostProcess> Node(string trustedProxies) => HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
    {
        ["TRUSTED_PROXIES"] = trustedProxies, ["Monitors__HeartbeatsPerMinute"] = HeartbeatsPerMinute.ToString(),
        ["Auth__GitHub__ClientId"] = "client", ["Auth__GitHub__ClientSecret"] = "secret"
    });

    /// <summary>Heartbeats for no monitor (404) until the client's limit is spent (429), each forwarded for the given client.</summary>
    private static async Task<HttpStatusCode[]> Beats(HostProcess node, params string[] forwardedFor)
    {
        using var client = node.Client();
        var answers = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
            answers.Add((await client.SendAsync(Forwarded(HttpMethod.Get, $"/api/heartbeats/{Guid.NewGuid()}/secret", address))).StatusCode);
        return answers.ToArray();
    }

    private static async Task<string> GitHubRedirectUri(HostProcess node)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = node.BaseAddress };
        var request = Forwarded(HttpMethod.Get, "/dashboard/sign-in/github", "203.0.113.50");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "status.example.com");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(response.Headers.Location!.Query);
        return query["redirect_uri"]!;
    }

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string forwardedFor)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }
}
