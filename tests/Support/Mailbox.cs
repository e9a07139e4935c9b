using System.Net;
using System.Text.RegularExpressions;
using MimeKit;
using StatusPage.MailCatcher;

namespace StatusPage.Testing;

/// <summary>What the test SMTP server received, by recipient, and ways to wait for it without sleeping.</summary>
public static partial class Mailbox
{
    public static IReadOnlyList<MimeMessage> To(this SmtpCatcher catcher, string address) =>
        catcher.Mails.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase))
            .Select(m => MimeMessage.Load(new MemoryStream(m.Raw))).ToList();

    /// <summary>Waits until <paramref name="address"/> has received <paramref name="count"/> messages and returns them.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> Receive(this SmtpCatcher catcher, string address, int count = 1, int seconds = 60)
    {
        await catcher.Until(() => catcher.Mails.Count(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)) >= count, seconds);
        return catcher.To(address);
    }

    /// <summary>Completes when <paramref name="condition"/> holds, checked whenever a message arrives.</summary>
    public static async Task Until(this SmtpCatcher catcher, Func<bool> condition, int seconds = 60)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(CaughtMail _)
        {
            if (condition()) met.TrySetResult();
        }

        catcher.Caught += Check;
        try
        {
            if (condition()) return;
            await met.Task.WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        finally
        {
            catcher.Caught -= Check;
        }
    }

    /// <summary>The first link in the text part that goes to <paramref name="path"/> ("/subscribe/", "/unsubscribe/").</summary>
    public static string Link(this MimeMessage message, string path) =>
        LinkPattern().Matches(message.TextBody ?? "").Select(m => m.Value).First(l => l.Contains(path));

    public static string PathOf(string link) => new Uri(link).PathAndQuery;

    public static string NewAddress(string who = "reader") => $"{who}-{Guid.NewGuid():N}@example.com";

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}

/// <summary>Public subscribe requests as they arrive from a client address of the test's choosing (for the per-IP limit).</summary>
public static class PublicRequests
{
    public static async Task<(int Status, string Body, string? RetryAfter)> Subscribe(
        this StatusPageFixture fixture, string slug, object body, IPAddress? client = null)
    {
        var json = System.Text.Json.JsonSerializer.Serialize(body);
        var context = await fixture.Host.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = $"/api/public/{slug}/subscribers";
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
            c.Connection.RemoteIpAddress = client ?? new IPAddress(Random.Shared.NextInt64(0x0A000001, 0x0AFFFFFE));
        });
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return (context.Response.StatusCode, text, context.Response.Headers.RetryAfter.FirstOrDefault());
    }
}
