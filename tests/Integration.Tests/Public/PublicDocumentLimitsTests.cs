using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Pages;
using StatusPage.Host.PublicPages;

namespace StatusPage.Integration.Tests.Public;

/// <summary>What readers without an account can make a node remember is bounded: real documents only, in bytes.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class PublicDocumentLimitsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_history_page_past_the_last_is_404_and_not_remembered_however_large_its_number()
    {
        var org = await fixture.NewOrganization();
        await fixture.Settled();
        using var client = fixture.Client();
        Assert.Equal(200, (int)(await client.GetAsync($"/{org.Slug}/history")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync($"/{org.Slug}/history/1")).StatusCode);

        var documents = fixture.Host.Services.GetRequiredService<PublicDocuments>();
        foreach (var page in new[] { "2", "3", "85899346", int.MaxValue.ToString() })
        {
            var renders = documents.Renders;
            var answer = await client.GetAsync($"/{org.Slug}/history/{page}");
            Assert.Equal(404, (int)answer.StatusCode);
            Assert.Equal("text/html", answer.Content.Headers.ContentType!.MediaType);
            await client.GetAsync($"/{org.Slug}/history/{page}");
            Assert.Equal(renders + 2, documents.Renders);
        }
    }

    [Fact]
    public async Task One_history_page_spelled_many_ways_is_rendered_and_remembered_once()
    {
        var org = await fixture.NewOrganization();
        await fixture.Settled();
        using var client = fixture.Client();
        var first = await client.GetAsync($"/{org.Slug}/history/1");
        var documents = fixture.Host.Services.GetRequiredService<PublicDocuments>();
        var renders = documents.Renders;
        foreach (var spelling in new[] { "01", "001", "+1", "0000000001" })
        {
            var answer = await client.GetAsync($"/{org.Slug}/history/{spelling}");
            Assert.Equal(first.Headers.ETag, answer.Headers.ETag);
        }

        Assert.Equal(renders, documents.Renders);
    }

    [Fact]
    public async Task Hosts_that_name_no_page_or_one_page_many_ways_leave_the_directory_as_it_was()
    {
        var org = await fixture.NewOrganization();
        var domain = $"status-{Guid.NewGuid():N}.example.com";
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api(), new { customDomain = domain })).StatusCode);
        await fixture.Settled();
        var directory = fixture.Host.Services.GetRequiredService<PublicPageDirectory>();
        using var client = fixture.Client();
        Assert.Equal(200, (int)(await Home(client, domain)).StatusCode);
        var remembered = directory.Remembered;

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(404, (int)(await Home(client, $"nobody-{i}.example.com")).StatusCode);
            Assert.Equal(404, (int)(await client.GetAsync($"/no-such-page-{i}")).StatusCode);
            Assert.Equal(200, (int)(await Home(client, Spelled(domain, i))).StatusCode);
        }

        Assert.Equal(remembered, directory.Remembered);
    }

    [Fact]
    public async Task Documents_a_node_remembers_stay_within_its_byte_budget_the_least_recently_read_going_first()
    {
        var org = await fixture.NewOrganization();
        await fixture.Settled();
        var budget = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["PublicDocuments:MaxMegabytes"] = "1" }).Build();
        var documents = ActivatorUtilities.CreateInstance<PublicDocuments>(fixture.Host.Services, (IConfiguration)budget);
        var page = await fixture.Host.Services.GetRequiredService<PublicPageDirectory>().BySlug(org.Slug, CancellationToken.None);
        // Random bytes do not compress: each document holds about 300 KB in its three encodings.
        RenderPublicDocument render = (_, _) => Task.FromResult<byte[]?>(Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 100_000));
        Task<RenderedDocument?> Get(string key) => documents.Get(page!, key, new Dictionary<string, object?>(), render);

        var hot = await Get("hot");
        for (var i = 0; i < 30; i++)
        {
            Assert.Same(hot, await Get("hot"));
            await Get($"cold-{i}");
            Assert.InRange(documents.Bytes, 1, 1024 * 1024);
        }

        var renders = documents.Renders;
        Assert.Same(hot, await Get("hot"));
        await Get("cold-0");
        Assert.Equal(renders + 1, documents.Renders);
    }

    private static Task<HttpResponseMessage> Home(HttpClient client, string host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = host;
        return client.SendAsync(request);
    }

    /// <summary>The domain with the letters chosen by the bits of <paramref name="variant"/> in upper case.</summary>
    private static string Spelled(string domain, int variant) =>
        string.Concat(domain.Select((c, i) => i < 31 && (variant >> i & 1) == 1 ? char.ToUpperInvariant(c) : c)) + (variant % 2 == 0 ? "." : "");
}
