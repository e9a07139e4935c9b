using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using StatusPage.Application.Pages;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Incidents;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// The page's incident history as RSS 2.0 and Atom 1.0: one item per incident, the most recent first, whose id
/// never changes while its content and updated time follow every update, so readers refresh the item in place.
/// </summary>
public static class IncidentFeed
{
    public const int Size = 50;

    public static byte[] Rss(PublicPage page, IReadOnlyList<IncidentTimeline> incidents) =>
        Write(Feed(page, incidents, "history.rss", (item, html) => item.Summary = html).GetRss20Formatter(serializeExtensionsAsAtom: true));

    public static byte[] Atom(PublicPage page, IReadOnlyList<IncidentTimeline> incidents) =>
        Write(Feed(page, incidents, "history.atom", (item, html) => item.Content = html).GetAtom10Formatter());

    /// <param name="self">The feed's own route, which readers and validators expect the feed to name.</param>
    /// <param name="body">RSS readers look for the text in an item's description, Atom readers in its content.</param>
    private static SyndicationFeed Feed(
        PublicPage page, IReadOnlyList<IncidentTimeline> incidents, string self, Action<SyndicationItem, TextSyndicationContent> body)
    {
        var name = FeedText.Clean(page.Name);
        var feed = new SyndicationFeed($"{name} status: incident history", $"Incidents reported on the {name} status page",
            new Uri(page.Url), $"{page.Url}/history", incidents.Select(i => i.UpdatedAt).Append(page.UpdatedAt).Max())
        {
            Items = incidents.Select(incident =>
            {
                var item = new SyndicationItem
                {
                    Id = $"urn:uuid:{incident.Id}", Title = new TextSyndicationContent(FeedText.Clean(incident.Name)),
                    PublishDate = incident.StartedAt, LastUpdatedTime = incident.UpdatedAt
                };
                item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri($"{page.Url}/incidents/{incident.Id}"), "text/html"));
                body(item, new TextSyndicationContent(Html(incident), TextSyndicationContentKind.Html));
                return item;
            }).ToList()
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri($"{page.Url}/{self}")));
        // Atom requires an author for the feed when its entries name none: the page speaks for itself.
        feed.Authors.Add(new SyndicationPerson { Name = name });
        return feed;
    }

    /// <summary>The postmortem, then every update newest first, each with its status and time, as feed readers show them.</summary>
    private static string Html(IncidentTimeline incident)
    {
        var html = new StringBuilder();
        if (incident.Postmortem is { } postmortem)
            Paragraph(html, postmortem.PublishedAt, "Postmortem", postmortem.Body);
        foreach (var update in incident.Updates)
            Paragraph(html, update.At, StatusWords.Text(update.Status), update.Message);
        return html.ToString();
    }

    private static void Paragraph(StringBuilder html, DateTimeOffset at, string heading, string text) =>
        html.Append($"<p><small>{at.UtcDateTime:MMM d, HH:mm} UTC</small><br><strong>{heading}</strong> - ")
            .Append(WebUtility.HtmlEncode(FeedText.Clean(text)).ReplaceLineEndings("<br>")).Append("</p>");

    private static byte[] Write(SyndicationFeedFormatter formatter)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
            formatter.WriteTo(writer);
        return buffer.ToArray();
    }
}
