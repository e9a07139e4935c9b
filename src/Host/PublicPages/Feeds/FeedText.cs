using System.Text;
using System.Text.Json;
using System.Xml;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>Operator-written text and status words as feed readers, calendars and badges show them.</summary>
public static class FeedText
{
    /// <summary><c>DegradedPerformance</c> → "degraded performance": the wire's status word, for people.</summary>
    public static string Words(Enum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()).Replace('_', ' ');

    /// <summary>"Degraded performance", for the start of a line.</summary>
    public static string Heading(Enum value)
    {
        var words = Words(value);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>
    /// Names and messages may hold control characters that XML and iCalendar cannot carry at all; a reader is better
    /// served by the rest of the text than by no document. Characters outside the basic plane (emoji) stay.
    /// </summary>
    public static string Clean(string text)
    {
        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i])) kept.Append(text[i]);
        }

        return kept.ToString();
    }
}
