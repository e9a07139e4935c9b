using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace StatusPage.Testing;

/// <summary>
/// A browser's session without a browser: an HttpClient that keeps the cookies it is given and follows no redirect,
/// signs in through the dashboard's form, and sends API calls with the antiforgery token its pages carry.
/// </summary>
public sealed partial class OperatorSession : DelegatingHandler
{
    private readonly CookieContainer _cookies = new();

    private OperatorSession(HttpMessageHandler inner, Uri baseAddress)
    {
        InnerHandler = inner;
        Client = new HttpClient(this) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public static OperatorSession On(StatusPageFixture fixture) => new(fixture.Host.Server.CreateHandler(), new Uri("http://localhost/"));

    public static OperatorSession On(HostProcess host) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }, host.BaseAddress);

    /// <summary>Whether the session's cookie is still a signed-in session (the API answers 401 once it is not).</summary>
    public async Task<bool> SignedIn(TestOrganization org) => (await Client.GetAsync(org.Api("/components"))).StatusCode == HttpStatusCode.OK;

    /// <summary>The dashboard's sign-in form, as a browser posts it; a success is a redirect.</summary>
    public async Task<HttpResponseMessage> SignIn(string email, string password)
    {
        var token = await FormToken("/dashboard/sign-in");
        return await Client.PostAsync("/dashboard/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["email"] = email, ["password"] = password
        }));
    }

    /// <summary>An API call the way the dashboard's script makes it: the cookie, and the antiforgery token of <paramref name="page"/>.</summary>
    public async Task<HttpResponseMessage> Post(string path, object body, string page = "/dashboard/account")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-CSRF-TOKEN", await FormToken(page));
        return await Client.SendAsync(request);
    }

    public async Task<string> FormToken(string page)
    {
        var html = await (await Client.GetAsync(page)).Content.ReadAsStringAsync();
        return TokenPattern().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"{page} has no antiforgery token:\n{html}");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = new Uri(Client.BaseAddress!, request.RequestUri!);
        if (_cookies.GetCookieHeader(uri) is { Length: > 0 } cookies) request.Headers.Add("Cookie", cookies);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
            foreach (var cookie in set) _cookies.SetCookies(uri, cookie);
        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
