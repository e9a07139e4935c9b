using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using StatusPage.Integration.Tests.Dashboard;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Public;

/// <summary>
/// Every HTML answer carries a Content Security Policy without inline code, nosniff and a referrer policy; only the
/// public pages may be framed; pages whose address holds a secret send no Referer; HSTS comes with an https PUBLIC_URL.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed partial class SecurityHeadersTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Public_subscription_and_dashboard_pages_carry_the_policy_and_only_public_pages_may_be_framed()
    {
        var org = await fixture.NewOrganization();
        await org.AddComponent();
        var editor = await DashboardBrowser.Operator(org, fixture.Client(), "editor");
        var session = OperatorSession.On(fixture);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignIn(editor.Email, editor.Password)).StatusCode);
        using var reader = fixture.Client();

        // The status page twice: rendered, then from the node's document cache.
        foreach (var (client, path, framed, secret) in new[]
                 {
                     (reader, $"/{org.Slug}", true, false), (reader, $"/{org.Slug}", true, false), (reader, $"/{org.Slug}/history", true, false),
                     (reader, "/dashboard/sign-in", false, false), (session.Client, "/dashboard", false, false),
                     (session.Client, "/dashboard/account", false, false), (reader, "/dashboard/reset-password/not-a-real-token", false, true),
                     (reader, "/unsubscribe/not-a-real-token", false, true), (reader, "/subscribe/not-a-real-token", false, true)
                 })
        {
            var response = await client.GetAsync(path);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var policy = Policy(response);
            Assert.Equal("'self'", policy["script-src"]);
            Assert.Equal("'self'", policy["style-src"]);
            Assert.Equal("'none'", policy["base-uri"]);
            Assert.Equal(framed ? null : "'none'", policy.GetValueOrDefault("frame-ancestors"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal(secret ? "no-referrer" : "strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
            Assert.Null(Header(response, "Strict-Transport-Security"));
        }

        // The subscribe form's answer shows inside whatever frame the status page is in.
        var subscribed = await reader.PostAsync($"/{org.Slug}/subscribe",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = $"{Guid.NewGuid():N}@example.com" }));
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.False(Policy(subscribed).ContainsKey("frame-ancestors"));

        var revalidated = new HttpRequestMessage(HttpMethod.Get, $"/{org.Slug}");
        revalidated.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse((await reader.GetAsync($"/{org.Slug}")).Headers.ETag!.Tag));
        var notModified = await reader.SendAsync(revalidated);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal("nosniff", Header(notModified, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Scripts_and_styles_come_from_hashed_addresses_kept_a_year_on_any_host()
    {
        var org = await fixture.NewOrganization();
        var session = OperatorSession.On(fixture);
        var editor = await DashboardBrowser.Operator(org, fixture.Client(), "editor");
        await session.SignIn(editor.Email, editor.Password);
        using var reader = fixture.Client();
        var publicPage = await reader.GetStringAsync($"/{org.Slug}");
        var dashboard = await session.Client.GetStringAsync("/dashboard");
        var assets = AssetPattern().Matches(publicPage + dashboard).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(4, assets.Count);
        Assert.DoesNotContain("<script>", publicPage + dashboard);
        Assert.DoesNotContain("<style", publicPage + dashboard);
        Assert.DoesNotContain("style=", publicPage + dashboard);

        foreach (var asset in assets)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, asset) { Headers = { Host = "status.customer.example" } };
            request.Headers.AcceptEncoding.ParseAdd("br");
            var response = await reader.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(asset.EndsWith(".js") ? "text/javascript" : "text/css", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
            Assert.Equal("public, max-age=31536000, immutable", Header(response, "Cache-Control"));
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            var again = new HttpRequestMessage(HttpMethod.Get, asset);
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(again)).StatusCode);
        }

        await (await reader.GetAsync("/assets/dashboard.js")).AssertProblem(404);
    }

    [Fact]
    public async Task An_https_public_address_adds_strict_transport_security()
    {
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string> { ["PUBLIC_URL"] = "https://status.example.test" });
        var org = await node.NewOrganization(fixture);
        using var client = node.Client();
        foreach (var path in new[] { $"/{org.Slug}", "/dashboard/sign-in", $"/{org.Slug}/api/v2/summary.json" })
            Assert.Equal("max-age=31536000", Header(await client.GetAsync(path), "Strict-Transport-Security"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private static Dictionary<string, string> Policy(HttpResponseMessage response) =>
        (Header(response, "Content-Security-Policy") ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} has no Content-Security-Policy"))
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(directive => directive.Split(' ', 2))
        .ToDictionary(parts => parts[0], parts => parts.ElementAtOrDefault(1) ?? "");

    [GeneratedRegex("(?:src|href)=\"(/assets/[^\"]+)\"")]
    private static partial Regex AssetPattern();
}
