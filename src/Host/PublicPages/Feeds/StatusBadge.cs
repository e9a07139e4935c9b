using System.Text;
using System.Xml.Linq;
using StatusPage.Application.Pages;
using StatusPage.Domain.Components;
using StatusPage.Domain.Pages;
using StatusPage.Domain.Shared;
using StatusPage.Projections.Pages;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>
/// Shields.io-style flat SVG badges for READMEs and dashboards: the page's overall status, or one component's, in
/// the colours readers already know from build badges.
/// </summary>
public static class StatusBadge
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The overall indicator; a page nobody has changed yet has nothing wrong with it.</summary>
    public static byte[] ForPage(PublicPage page, PageView? view)
    {
        var indicator = view?.Indicator ?? StatusIndicator.None;
        return Render(page.Name, PageStatus.Describe(indicator).ToLowerInvariant(), indicator switch
        {
            StatusIndicator.Critical => Red,
            StatusIndicator.Major => Orange,
            StatusIndicator.Minor => Yellow,
            StatusIndicator.Maintenance => Blue,
            _ => Green
        });
    }

    public static byte[] ForComponent(PageComponent component) =>
        Render(component.Name, StatusWords.Wire(component.Status).Replace('_', ' '), component.Status switch
        {
            ComponentStatus.MajorOutage => Red,
            ComponentStatus.PartialOutage => Orange,
            ComponentStatus.DegradedPerformance => Yellow,
            ComponentStatus.UnderMaintenance => Blue,
            _ => Green
        });

    private const string Green = "#4c1", Yellow = "#dfb317", Orange = "#fe7d37", Red = "#e05d44", Blue = "#007ec6";

    /// <summary>
    /// A grey label and a coloured message, each as wide as its text in 11px Verdana; built as XML so whatever a name
    /// holds is escaped, and titled so screen readers announce it.
    /// </summary>
    public static byte[] Render(string label, string message, string colour)
    {
        (label, message) = (FeedText.Clean(label), FeedText.Clean(message));
        var (labelWidth, messageWidth) = (Width(label), Width(message));
        var width = labelWidth + messageWidth;
        var text = $"{label}: {message}";
        var svg = new XElement(Svg + "svg",
            new XAttribute("width", width), new XAttribute("height", 20), new XAttribute("role", "img"), new XAttribute("aria-label", text),
            new XElement(Svg + "title", text),
            new XElement(Svg + "linearGradient", new XAttribute("id", "s"), new XAttribute("x2", 0), new XAttribute("y2", "100%"),
                new XElement(Svg + "stop", new XAttribute("offset", 0), new XAttribute("stop-color", "#bbb"), new XAttribute("stop-opacity", ".1")),
                new XElement(Svg + "stop", new XAttribute("offset", 1), new XAttribute("stop-opacity", ".1"))),
            new XElement(Svg + "clipPath", new XAttribute("id", "r"),
                new XElement(Svg + "rect", new XAttribute("width", width), new XAttribute("height", 20), new XAttribute("rx", 3),
                    new XAttribute("fill", "#fff"))),
            new XElement(Svg + "g", new XAttribute("clip-path", "url(#r)"),
                Rect(0, labelWidth, "#555"), Rect(labelWidth, messageWidth, colour), Rect(0, width, "url(#s)")),
            new XElement(Svg + "g", new XAttribute("fill", "#fff"), new XAttribute("text-anchor", "middle"),
                new XAttribute("font-family", "Verdana,Geneva,DejaVu Sans,sans-serif"), new XAttribute("font-size", 11),
                Text(labelWidth / 2.0, label), Text(labelWidth + messageWidth / 2.0, message)));
        return Encoding.UTF8.GetBytes(svg.ToString(SaveOptions.DisableFormatting));
    }

    private static XElement Rect(int x, int width, string fill) =>
        new(Svg + "rect", new XAttribute("x", x), new XAttribute("width", width), new XAttribute("height", 20), new XAttribute("fill", fill));

    /// <summary>A shadow one pixel below, then the text, as shields.io draws it for legibility on light colours.</summary>
    private static IEnumerable<XElement> Text(double x, string text) =>
    [
        new(Svg + "text", new XAttribute("x", x), new XAttribute("y", 15), new XAttribute("fill", "#010101"),
            new XAttribute("fill-opacity", ".3"), new XAttribute("aria-hidden", "true"), text),
        new(Svg + "text", new XAttribute("x", x), new XAttribute("y", 14), text)
    ];

    /// <summary>Verdana 11px advance widths, roughly: close enough that text neither overflows nor floats in space.</summary>
    private static int Width(string text) => 10 + (int)Math.Ceiling(text.Sum(c => c switch
    {
        'i' or 'j' or 'l' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' => 3.5,
        'f' or 'r' or 't' or ' ' or '(' or ')' or '[' or ']' or '-' => 4.8,
        'm' or 'w' or 'M' or 'W' or '@' or '%' => 10.5,
        >= 'A' and <= 'Z' => 7.6,
        _ => 6.9
    }));
}
