using System.Text;
using System.Text.Encodings.Web;
using Ganss.Xss;
using Markdig;
using Microsoft.AspNetCore.Components;
using StatusPage.Domain.Components;
using StatusPage.Domain.Pages;
using StatusPage.Domain.Shared;

namespace StatusPage.Host.PublicPages.Html;

/// <summary>How the public page says things: status words, times in the page's zone, operators' markdown made safe.</summary>
public static class Words
{
    /// <summary>
    /// Markdig's advanced extensions, named one by one so that generic attributes (<c>{style=… name=…}</c> on any
    /// element: page-wide overlays, DOM clobbering) stay out, as does any extension a later Markdig adds to the set.
    /// </summary>
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseAlertBlocks().UseAbbreviations().UseAutoIdentifiers().UseCitations().UseCustomContainers().UseDefinitionLists()
        .UseEmphasisExtras().UseFigures().UseFooters().UseFootnotes().UseGridTables().UseMathematics().UseMediaLinks()
        .UsePipeTables().UseListExtras().UseTaskLists().UseDiagrams().UseAutoLinks()
        .DisableHtml()
        .Build();

    /// <summary>Also without style and name attributes, whatever an extension writes: ids and classes it drops by default.</summary>
    private static readonly HtmlSanitizer Sanitizer = Strict();

    private static HtmlSanitizer Strict()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedAttributes.Remove("name");
        return sanitizer;
    }

    /// <summary>
    /// Markdown from operators, rendered with raw HTML refused and then sanitized: no scripts, handlers, styles or
    /// frames, and links and images only to http(s) addresses (the sanitizer's default schemes).
    /// </summary>
    public static MarkupString Markdown(string text) => new(Sanitizer.Sanitize(Markdig.Markdown.ToHtml(text, Pipeline)));

    public static string Of<T>(T value) where T : struct, Enum => StatusWords.Text(value);

    public static string Css<T>(T value) where T : struct, Enum => StatusWords.Wire(value);

    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("MMM d, HH:mm") + " " + (zone.Id == "UTC" ? "UTC" : zone.Id);

    /// <summary>
    /// A component's uptime bars as one piece of markup: a page of 500 components has 45,000 of them, and rendering
    /// each as an element with two attributes took a median 105 ms of its first render, against 62 ms (bench/README.md).
    /// </summary>
    public static MarkupString Bars(IEnumerable<UptimeDay> days)
    {
        var html = new StringBuilder();
        foreach (var day in days)
            html.Append("<span class=\"").Append(day.Worst is { } worst ? Css(worst) : "none").Append("\" title=\"")
                .Append(HtmlEncoder.Default.Encode(Bar(day))).Append("\"></span>");
        return new MarkupString(html.ToString());
    }

    public static string Bar(UptimeDay day) => day.HasData
        ? $"{day.Date:MMM d}: {day.Percent:0.##}% uptime" +
          (day.MajorOutage > TimeSpan.Zero ? $", major outage {Duration(day.MajorOutage)}" : "") +
          (day.PartialOutage > TimeSpan.Zero ? $", partial outage {Duration(day.PartialOutage)}" : "")
        : $"{day.Date:MMM d}: no data";

    public static string Indicator(StatusIndicator indicator) => Css(indicator);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{span.Minutes} min" : "under a minute";
}
