using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace StatusPage.Application.Email;

/// <summary>
/// What one kind of email says, before it is addressed: every email is this one template, as plain text and as HTML.
/// </summary>
/// <param name="PageName">The status page's name: the sender's display name and the subject's prefix.</param>
public sealed record Letter(string PageName, string Subject, string Heading, IReadOnlyList<string> Paragraphs, string? LinkLabel, string? Link);

/// <summary>The per-recipient parts of an email: the list headers and links only one recipient may use.</summary>
/// <param name="ManageLink">The subscriber's manage page, also the RFC 8058 one-click unsubscribe target; null for mail that is no list mail.</param>
public sealed record Addressing(string To, string MessageId, DateTimeOffset Date, string? ListId, string? ManageLink, string Reason);

public static partial class Letters
{
    public static MimeMessage Compose(Letter letter, Addressing addressing, EmailOptions options)
    {
        var from = MailboxAddress.Parse(options.From);
        var message = new MimeMessage
        {
            Subject = OneLine($"[{letter.PageName}] {letter.Subject}"),
            MessageId = addressing.MessageId,
            Date = addressing.Date
        };
        message.From.Add(new MailboxAddress(OneLine(letter.PageName), from.Address));
        message.To.Add(MailboxAddress.Parse(addressing.To));
        if (addressing.ListId is { } listId) message.Headers.Add(HeaderId.ListId, $"\"{Phrase(letter.PageName)}\" <{listId}>");
        if (addressing.ManageLink is { } manage)
        {
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{manage}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new BodyBuilder { TextBody = Text(letter, addressing), HtmlBody = Html(letter, addressing) }.ToMessageBody();
        return message;
    }

    /// <summary>The list's identifier (RFC 2919): one per status page, under the public host.</summary>
    public static string ListId(string slug, EmailOptions options) => $"{slug}.{new Uri(options.PublicUrl).Host}";

    public static string MessageId(string local, EmailOptions options) => $"{local}@{new Uri(options.PublicUrl).Host}";

    private static string Text(Letter letter, Addressing addressing)
    {
        var text = new StringBuilder().Append(letter.Heading).Append("\n\n");
        foreach (var paragraph in letter.Paragraphs) text.Append(paragraph).Append("\n\n");
        if (letter.Link is { } link) text.Append(letter.LinkLabel).Append(": ").Append(link).Append("\n\n");
        text.Append("-- \n").Append(addressing.Reason).Append('\n');
        if (addressing.ManageLink is { } manage) text.Append("Manage or unsubscribe: ").Append(manage).Append('\n');
        return text.ToString();
    }

    private static string Html(Letter letter, Addressing addressing)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#111827;background:#f9fafb;margin:0;padding:1rem\">")
            .Append("<div style=\"max-width:600px;margin:0 auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:1rem 1.25rem\">")
            .Append("<p style=\"color:#6b7280;margin:0\">").Append(E(letter.PageName)).Append("</p>")
            .Append("<h1 style=\"font-size:1.25rem\">").Append(E(letter.Heading)).Append("</h1>");
        foreach (var paragraph in letter.Paragraphs)
            html.Append("<p style=\"white-space:pre-wrap\">").Append(E(paragraph)).Append("</p>");
        if (letter.Link is { } link)
            html.Append("<p><a href=\"").Append(E(link)).Append("\" style=\"color:#1d4ed8\">").Append(E(letter.LinkLabel ?? link)).Append("</a></p>");
        html.Append("</div><p style=\"max-width:600px;margin:1rem auto;color:#6b7280;font-size:.85rem\">").Append(E(addressing.Reason));
        if (addressing.ManageLink is { } manage)
            html.Append(" <a href=\"").Append(E(manage)).Append("\" style=\"color:#1d4ed8\">Manage or unsubscribe</a>");
        return html.Append("</p></body></html>").ToString();
    }

    /// <summary>Operators' words end up in headers: a line break there would start a header of their choosing.</summary>
    public static string OneLine(string text) => ControlCharacters().Replace(text, " ").Trim();

    private static string Phrase(string text) => OneLine(text).Replace("\\", "").Replace("\"", "");

    [GeneratedRegex(@"[\p{Cc}\u2028\u2029]+")]
    private static partial Regex ControlCharacters();
}
