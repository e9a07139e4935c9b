using System.Security.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application;
using StatusPage.Application.Email;
using StatusPage.Application.Telemetry;
using System.Diagnostics.Metrics;
using Marten;
using StatusPage.MailCatcher;

namespace StatusPage.Integration.Tests.Email;

/// <summary>SMTP credentials against a real SMTP server that offers AUTH but no TLS.</summary>
public sealed class SmtpCredentialsTests
{
    [Fact]
    public async Task Credentials_are_never_sent_to_a_server_that_offers_no_tls()
    {
        await using var smtp = new SmtpCatcher(HostProcess.FreePort()) { OffersAuthWithoutTls = true };
        await smtp.Start();
        var options = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpUser = "relay-user", SmtpPassword = "relay-password" };
        await using var sender = new MailSender(options, new SmtpTrust(options), Metrics());

        var refused = await Assert.ThrowsAsync<AuthenticationException>(() => sender.Connect(default));

        Assert.Contains("offered no TLS", refused.Message);
        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public void Credentials_with_tls_turned_off_stop_the_host_at_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:SmtpUser"] = "relay-user", ["Email:SmtpPassword"] = "relay-password", ["Email:SmtpTls"] = "none"
        }).Build();

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEmail(configuration));

        Assert.Contains("SMTP_TLS=none", refused.Message);
    }

    /// <summary>The sender's counters; the backlog gauges are never read here, so their store never connects.</summary>
    internal static StatusPageMetrics Metrics()
    {
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new StatusPageMetrics(meters, new Backlog(DocumentStore.For("Host=127.0.0.1")));
    }
}
