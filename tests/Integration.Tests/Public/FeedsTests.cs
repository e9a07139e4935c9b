using System.Net.Http.Json;
using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Pages;
using StatusPage.Domain.Organizations;
using StatusPage.Host.PublicPages.Feeds;

namespace StatusPage.Integration.Tests.Public;

/// <summary>Incident feeds, the maintenance calendar and badges, read with the parsers their readers use.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class FeedsTests(StatusPageFixture fixture)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Rss_and_atom_have_one_item_per_incident_newest_first_that_keeps_its_id_while_it_changes()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var older = await Declare(org, api, "Database down", "We are looking into it.");
        var newer = await Declare(org, api, "Slow logins", "Logins take <10 s & more.");
        await fixture.Settled();

        foreach (var (route, contentType) in new[] { ("history.rss", PublicFeeds.Rss), ("history.atom", PublicFeeds.Atom) })
        {
            var feed = await Feed(org, route, contentType);
            Assert.Equal([$"urn:uuid:{newer}", $"urn:uuid:{older}"], feed.Items.Select(i => i.Id));
            Assert.Equal(["Slow logins", "Database down"], feed.Items.Select(i => i.Title.Text));
            Assert.Equal($"http://127.0.0.1:5000/{org.Slug}/incidents/{newer}", feed.Items.First().Links.Single().Uri.ToString());
            var text = Body(feed.Items.First());
            Assert.Contains("<strong>Investigating</strong>", text);
            Assert.Contains("Logins take &lt;10 s &amp; more.", text);
        }

        // Feed dates are to the second; a minute later the change shows in them.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{older}/updates"), new
        {
            status = "resolved", message = "Fixed by a failover.", components = new Dictionary<Guid, string> { [api] = "operational" }
        })).StatusCode);
        Assert.Equal(200, (int)(await org.Owner.PostAsJsonAsync(org.Api($"/incidents/{older}/postmortem"), new { body = "A disk filled up." })).StatusCode);
        await fixture.Settled();

        foreach (var (route, contentType) in new[] { ("history.rss", PublicFeeds.Rss), ("history.atom", PublicFeeds.Atom) })
        {
            var feed = await Feed(org, route, contentType);
            var resolved = feed.Items.Single(i => i.Id == $"urn:uuid:{older}");
            var text = Body(resolved);
            Assert.True(text.IndexOf("Postmortem", StringComparison.Ordinal) < text.IndexOf("Fixed by a failover.", StringComparison.Ordinal));
            Assert.True(text.IndexOf("<strong>Resolved</strong>", StringComparison.Ordinal) < text.IndexOf("We are looking into it.", StringComparison.Ordinal));
            Assert.Contains("A disk filled up.", text);
            Assert.True(resolved.LastUpdatedTime > feed.Items.Single(i => i.Id == $"urn:uuid:{newer}").LastUpdatedTime);
            Assert.Equal(resolved.LastUpdatedTime, feed.LastUpdatedTime);
        }
    }

    [Fact]
    public async Task The_calendar_has_an_event_per_window_whose_uid_stays_while_its_sequence_rises_and_cancelled_ones_say_so()
    {
        var org = await fixture.NewOrganization("Acme; Widgets, Inc");
        var api = await org.AddComponent("API");
        var from = MaintenanceRequests.WholeSeconds(fixture.Clock.GetUtcNow().AddDays(2));
        var upgrade = await org.ScheduleMaintenance(from, from.AddHours(2), autoStart: false, api);
        var migration = await org.ScheduleMaintenance(from.AddDays(1), from.AddDays(1).AddHours(1), autoStart: false, api);

        var raw = await Document(org, "maintenance.ics", PublicFeeds.Calendar);
        Assert.Contains(@"X-WR-CALNAME:Acme\; Widgets\, Inc scheduled maintenance", raw);
        var before = Calendar.Load(raw)!;
        var scheduled = Event(before, upgrade);
        Assert.Equal((from.UtcDateTime, from.AddHours(2).UtcDateTime), (scheduled.DtStart!.Value, scheduled.DtEnd!.Value));
        Assert.True(scheduled.DtStart.IsUtc && scheduled.DtEnd.IsUtc);
        Assert.Equal("Database upgrade", scheduled.Summary);
        Assert.Contains("Components: API", scheduled.Description);
        Assert.Equal(EventStatus.Confirmed, scheduled.Status);

        var later = from.AddDays(3);
        Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{upgrade}"), new { scheduledFor = later, scheduledUntil = later.AddHours(4) })).StatusCode);
        Assert.Equal(200, (int)(await org.Owner.PostAsync(org.Api($"/maintenances/{migration}/cancel"), null)).StatusCode);

        // The calendar this node remembered is dropped when the change's live update comes back through Redis.
        Calendar after = null!;
        await Eventually.True(async () => Event(after = await Ics(org), migration).Status == EventStatus.Cancelled,
            "the calendar shows the cancellation");
        var rescheduled = Event(after, upgrade);
        Assert.Equal((later.UtcDateTime, later.AddHours(4).UtcDateTime), (rescheduled.DtStart!.Value, rescheduled.DtEnd!.Value));
        Assert.True(rescheduled.Sequence > scheduled.Sequence);
        var cancelled = Event(after, migration);
        Assert.Equal(EventStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Sequence > Event(before, migration).Sequence);
    }

    [Fact]
    public async Task Badges_are_svg_that_escape_names_and_change_colour_with_the_status()
    {
        var org = await fixture.NewOrganization("Acme & Co");
        var tricky = await org.AddComponent("<b>&\"");
        await fixture.Settled();

        var page = await Badge(org, "badge.svg");
        Assert.Equal("Acme & Co: all systems operational", page.Root!.Element(Svg + "title")!.Value);

        var calmText = await BadgeText(org, $"components/{tricky}/badge.svg");
        var calm = XDocument.Parse(calmText);
        Assert.Equal("<b>&\": operational", calm.Root!.Element(Svg + "title")!.Value);
        Assert.Contains("&lt;b&gt;&amp;", calmText);
        Assert.DoesNotContain("<b>", calmText);

        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{tricky}"), new { status = "major_outage" });
        await fixture.Settled();
        var down = await Badge(org, $"components/{tricky}/badge.svg");
        Assert.Equal("<b>&\": major outage", down.Root!.Element(Svg + "title")!.Value);
        Assert.NotEqual(Fills(calm), Fills(down));
        Assert.Equal("Acme & Co: major system outage", (await Badge(org, "badge.svg")).Root!.Element(Svg + "title")!.Value);

        await (await fixture.Client().GetAsync($"/{org.Slug}/components/{Guid.NewGuid()}/badge.svg")).AssertProblem(404);
        await (await fixture.Client().GetAsync($"/{org.Slug}/components/not-an-id/badge.svg")).AssertProblem(404);
    }

    [Theory]
    [InlineData("history.rss")]
    [InlineData("history.atom")]
    [InlineData("maintenance.ics")]
    [InlineData("badge.svg")]
    [InlineData("components/0b7e4f55-5b0c-4a4e-9b38-1f3e3b1f2a11/badge.svg")]
    public async Task An_unknown_page_is_404(string route) =>
        await (await fixture.Client().GetAsync($"/no-such-page-{Guid.NewGuid():N}/{route}")).AssertProblem(404);

    [Fact]
    public void Links_start_from_the_configured_public_url_whatever_host_the_request_came_through()
    {
        var page = PublicPage.For(new Organization { Id = Guid.NewGuid(), Slug = "acme", Name = "Acme" }, "https://status.example.com/");
        Assert.Equal(("https://status.example.com/acme", "status.example.com"), (page.Url, page.Host));
    }

    private static async Task<Guid> Declare(TestOrganization org, Guid component, string name, string message)
    {
        var response = await org.Owner.PostAsJsonAsync(org.Api("/incidents"), new
        {
            name, impact = "minor", status = "investigating", message, components = new Dictionary<Guid, string> { [component] = "degraded_performance" }
        });
        Assert.Equal(201, (int)response.StatusCode);
        return await response.Id();
    }

    private async Task<string> Document(TestOrganization org, string route, string contentType)
    {
        var response = await fixture.Client().GetAsync($"/{org.Slug}/{route}");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<SyndicationFeed> Feed(TestOrganization org, string route, string contentType)
    {
        using var reader = XmlReader.Create(new StringReader(await Document(org, route, contentType)));
        return SyndicationFeed.Load(reader);
    }

    /// <summary>RSS carries an item's text as its description, Atom as its content.</summary>
    private static string Body(SyndicationItem item) => ((TextSyndicationContent)(item.Content ?? item.Summary)).Text;

    private async Task<Calendar> Ics(TestOrganization org) =>
        Ical.Net.Calendar.Load(await Document(org, "maintenance.ics", PublicFeeds.Calendar))!;

    private static CalendarEvent Event(Calendar calendar, Guid maintenance) =>
        calendar.Events.Single(e => e.Uid == $"{maintenance}@127.0.0.1");

    private Task<string> BadgeText(TestOrganization org, string route) => Document(org, route, PublicFeeds.Svg);

    private async Task<XDocument> Badge(TestOrganization org, string route) => XDocument.Parse(await BadgeText(org, route));

    private static string[] Fills(XDocument badge) =>
        badge.Descendants(Svg + "rect").Select(r => (string?)r.Attribute("fill") ?? "").ToArray();
}
