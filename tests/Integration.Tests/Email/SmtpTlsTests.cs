using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MailKit.Security;
using MimeKit;
using StatusPage.Application.Email;
using StatusPage.Integration.Tests.Live;
using StatusPage.MailCatcher;

namespace StatusPage.Integration.Tests.Email;

/// <summary>
/// Mail over TLS against a real SMTP server that speaks STARTTLS or implicit TLS with a certificate from a private
/// authority, which the sender believes only through SMTP_CA_CERTIFICATE.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class SmtpTlsTests(StatusPageFixture fixture) : IDisposable
{
    private readonly PrivateAuthority _authority = new();

    [Fact]
    public async Task A_host_with_the_ca_setting_sends_over_starttls_and_authenticates_only_inside_it()
    {
        await using var smtp = new SmtpCatcher(HostProcess.FreePort()) { Certificate = _authority.ServerCertificate };
        await smtp.Start();
        await using var node = await HostProcess.Start(LiveNode.SharedRedis, new Dictionary<string, string>
        {
            ["SMTP_HOST"] = "127.0.0.1", ["SMTP_PORT"] = smtp.Port.ToString(), ["SMTP_TLS"] = "starttls",
            ["SMTP_USER"] = "relay-user", ["SMTP_PASSWORD"] = "relay-password", ["SMTP_CA_CERTIFICATE"] = _authority.PemPath
        });
        var org = await node.NewOrganization(fixture);
        var reader = Mailbox.NewAddress();

        var subscribed = await node.Client().PostAsJsonAsync($"/api/public/{org.Slug}/subscribers", new { email = reader });

        Assert.Equal(202, (int)subscribed.StatusCode);
        await smtp.Until(() => smtp.Mails.Any(m => m.To.Contains(reader)));
        Assert.True(Assert.Single(smtp.Mails, m => m.To.Contains(reader)).Secure);
        Assert.Contains("relay-user", smtp.Logins);
    }

    [Fact]
    public async Task Implicit_tls_with_credentials_delivers_to_a_server_the_ca_setting_vouches_for()
    {
        await using var smtp = new SmtpCatcher(HostProcess.FreePort()) { Certificate = _authority.ServerCertificate, ImplicitTls = true };
        await smtp.Start();
        await using var sender = Sender(smtp, SmtpSecurity.Tls, _authority.PemPath);

        await using (var connection = await sender.Connect(default)) await connection.Send(Message(), default);

        Assert.True(Assert.Single(smtp.Mails).Secure);
        Assert.Equal(["relay-user"], smtp.Logins);
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls, false)]
    [InlineData(SmtpSecurity.Tls, true)]
    public async Task A_certificate_nobody_vouches_for_gets_neither_the_password_nor_a_mail(SmtpSecurity security, bool implicitTls)
    {
        await using var smtp = new SmtpCatcher(HostProcess.FreePort()) { Certificate = _authority.ServerCertificate, ImplicitTls = implicitTls };
        await smtp.Start();
        await using var sender = Sender(smtp, security, caCertificate: null);

        await Assert.ThrowsAsync<SslHandshakeException>(() => sender.Connect(default));

        Assert.Empty(smtp.Logins);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task The_ca_setting_does_not_excuse_a_certificate_for_another_name()
    {
        using var elsewhere = _authority.Issue("mail.elsewhere.test");
        await using var smtp = new SmtpCatcher(HostProcess.FreePort()) { Certificate = elsewhere, ImplicitTls = true };
        await smtp.Start();
        await using var sender = Sender(smtp, SmtpSecurity.Tls, _authority.PemPath);

        await Assert.ThrowsAsync<SslHandshakeException>(() => sender.Connect(default));

        Assert.Empty(smtp.Logins);
    }

    [Fact]
    public void A_ca_setting_that_names_no_certificate_stops_the_host_at_start()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => new SmtpTrust(new EmailOptions { SmtpCaCertificate = empty }));
            Assert.Contains("SMTP_CA_CERTIFICATE", refused.Message);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    private static MailSender Sender(SmtpCatcher smtp, SmtpSecurity security, string? caCertificate)
    {
        var options = new EmailOptions
        {
            SmtpHost = "127.0.0.1", SmtpPort = smtp.Port, SmtpTls = security, SmtpCaCertificate = caCertificate,
            SmtpUser = "relay-user", SmtpPassword = "relay-password"
        };
        return new MailSender(options, new SmtpTrust(options), SmtpCredentialsTests.Metrics());
    }

    private static MimeMessage Message()
    {
        var message = new MimeMessage { Subject = "Over TLS", Body = new TextPart("plain") { Text = "Hello." } };
        message.From.Add(MailboxAddress.Parse("status@statuspage.test"));
        message.To.Add(MailboxAddress.Parse(Mailbox.NewAddress()));
        return message;
    }

    public void Dispose() => _authority.Dispose();

    /// <summary>A certificate authority of the test's own, unknown to the system store, and a server certificate for 127.0.0.1 it issued.</summary>
    private sealed class PrivateAuthority : IDisposable
    {
        private readonly X509Certificate2 _root;

        public PrivateAuthority()
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=StatusPage test mail CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            PemPath = Path.Combine(Path.GetTempPath(), $"smtp-ca-{Guid.NewGuid():N}.pem");
            File.WriteAllText(PemPath, _root.ExportCertificatePem());
            ServerCertificate = Issue("127.0.0.1");
        }

        public string PemPath { get; }

        public X509Certificate2 ServerCertificate { get; }

        public X509Certificate2 Issue(string name)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            if (System.Net.IPAddress.TryParse(name, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(name);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
            using var issued = request.Create(_root, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), RandomNumberGenerator.GetBytes(16));
            // SslStream on Linux needs the key in an exportable form it can hand to OpenSSL.
            return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
        }

        public void Dispose()
        {
            ServerCertificate.Dispose();
            _root.Dispose();
            File.Delete(PemPath);
        }
    }
}
