using System.Text;
using System.Xml;

namespace StatusPage.Host.PublicPages.Feeds;

/// <summary>Operator-written text as feed readers, calendars and badges can carry it.</summary>
public static class FeedText
{
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
