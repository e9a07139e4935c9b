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
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private static readonly HtmlSanitizer Sanitizer = new();

    /// <summary>Markdown from operators, rendered with raw HTML refused and then sanitized: no scripts, handlers, javascript: links or frames.</summary>
    public static MarkupString Markdown(string text) => new(Sanitizer.Sanitize(Markdig.Markdown.ToHtml(text, Pipeline)));

    public static string Of<T>(T value) where T : struct, Enum => StatusWords.Text(value);

    public static string Css<T>(T value) where T : struct, Enum => StatusWords.Wire(value);

    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("MMM d, HH:mm") + " " + (zone.Id == "UTC" ? "UTC" : zone.Id);

    public static string Bar(UptimeDay day) => day.HasData
        ? $"{day.Date:MMM d}: {day.Percent:0.##}% uptime" +
          (day.MajorOutage > TimeSpan.Zero ? $", major outage {Duration(day.MajorOutage)}" : "") +
          (day.PartialOutage > TimeSpan.Zero ? $", partial outage {Duration(day.PartialOutage)}" : "")
        : $"{day.Date:MMM d}: no data";

    public static string Indicator(StatusIndicator indicator) => Css(indicator);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : span.TotalMinutes >= 1 ? $"{span.Minutes} min" : "under a minute";
}
