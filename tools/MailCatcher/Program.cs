using System.Net;
using MimeKit;

namespace StatusPage.MailCatcher;

// A local mail catcher for people trying StatusPage: SMTP on 127.0.0.1:SMTP_PORT (1025), and a page listing what it
// caught on http://127.0.0.1:HTTP_PORT (8025). Nothing leaves the machine.
public static class Program
{
    public static async Task Main(string[] args)
    {
        var smtpPort = int.Parse(Environment.GetEnvironmentVariable("SMTP_PORT") ?? "1025");
        var httpPort = int.Parse(Environment.GetEnvironmentVariable("HTTP_PORT") ?? "8025");
        await using var catcher = new SmtpCatcher(smtpPort);
        await catcher.Start();

        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls($"http://127.0.0.1:{httpPort}");
        var app = builder.Build();

        app.MapGet("/", () =>
        {
            var rows = catcher.Mails.Select((mail, i) => (Mail: mail, Index: i, Message: Parse(mail))).Reverse().Select(m =>
                $"<tr><td>{m.Mail.At:yyyy-MM-dd HH:mm:ss}</td><td>{E(string.Join(", ", m.Mail.To))}</td><td><a href=\"/messages/{m.Index}\">{E(m.Message.Subject ?? "(no subject)")}</a></td></tr>");
            return Results.Content(
                $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Mail catcher</title><meta http-equiv=\"refresh\" content=\"5\"></head>" +
                $"<body style=\"font-family:system-ui,sans-serif\"><h1>Mail catcher</h1><p>SMTP on 127.0.0.1:{smtpPort}; {catcher.Mails.Count} messages.</p>" +
                $"<table cellpadding=\"4\"><tr><th>Received</th><th>To</th><th>Subject</th></tr>{string.Concat(rows)}</table></body></html>",
                "text/html; charset=utf-8");
        });

        app.MapGet("/messages/{index:int}", (int index) =>
        {
            if (catcher.Mails.ElementAtOrDefault(index) is not { } mail) return Results.NotFound();
            var message = Parse(mail);
            // Shown as text: an email's HTML is someone else's page, not to be run on this origin.
            return Results.Content(
                $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{E(message.Subject ?? "")}</title></head><body style=\"font-family:system-ui,sans-serif\">" +
                $"<p><a href=\"/\">All messages</a> · <a href=\"/messages/{index}/raw\">Raw</a></p><pre>{E(string.Join("\n", message.Headers.Select(h => $"{h.Field}: {h.Value}")))}</pre>" +
                $"<h2>Text</h2><pre style=\"white-space:pre-wrap\">{E(message.TextBody ?? "")}</pre>" +
                $"<h2>HTML</h2><iframe sandbox style=\"width:100%;height:500px\" srcdoc=\"{E(message.HtmlBody ?? "")}\"></iframe></body></html>",
                "text/html; charset=utf-8");
        });

        app.MapGet("/messages/{index:int}/raw", (int index) =>
            catcher.Mails.ElementAtOrDefault(index) is { } mail ? Results.Bytes(mail.Raw, "text/plain; charset=utf-8") : Results.NotFound());

        Console.WriteLine($"Mail catcher: SMTP 127.0.0.1:{smtpPort}, messages at http://127.0.0.1:{httpPort}");
        await app.RunAsync();

        MimeMessage Parse(CaughtMail mail) => MimeMessage.Load(new MemoryStream(mail.Raw));

        string E(string text) => WebUtility.HtmlEncode(text);
    }
}
