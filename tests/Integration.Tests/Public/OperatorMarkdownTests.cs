using System.Net.Http.Json;
using AngleSharp.Html.Parser;

namespace StatusPage.Integration.Tests.Public;

/// <summary>Operators' markdown on the public page: formatting, but no attributes of their choosing and no script links.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class OperatorMarkdownTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task Generic_attributes_stay_text_and_javascript_links_lose_their_address()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var incident = await org.Declare(api);
        var updated = await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new
        {
            status = "identified",
            message = "**Found** it{style=\"position:fixed;inset:0\" name=\"x\" id=\"y\"}\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [docs](https://example.com/docs)"
        });
        Assert.Equal(200, (int)updated.StatusCode);
        await fixture.Settled();

        var page = await new HtmlParser().ParseDocumentAsync(await fixture.Client().GetStringAsync($"/{org.Slug}"));

        var update = Assert.Single(page.QuerySelectorAll($"[data-incident='{incident}'] .update"), u => u.TextContent.Contains("Found"));
        Assert.Empty(update.QuerySelectorAll("[style], [name], [id]"));
        Assert.Contains("it{style=\"position:fixed;inset:0\" name=\"x\" id=\"y\"}", update.TextContent);
        Assert.Equal(["", "", "https://example.com/docs"], update.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? ""));
        Assert.Equal("Found", update.QuerySelector("p strong")?.TextContent);
    }
}
