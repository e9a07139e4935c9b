using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace StatusPage.Application.Email;

/// <summary>
/// Which SMTP server certificates are believed: those the system trusts, and with SMTP_CA_CERTIFICATE also those
/// issued by the authorities in that PEM file (a relay with a private CA). The name must match either way.
/// </summary>
public sealed class SmtpTrust
{
    private readonly X509Certificate2Collection? _authorities;

    public SmtpTrust(EmailOptions options)
    {
        if (options.SmtpCaCertificate is not { Length: > 0 } path) return;
        // Read at start: a missing or unreadable file would otherwise show only as every mail failing its handshake.
        _authorities = [];
        try
        {
            _authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"SMTP_CA_CERTIFICATE (Email:SmtpCaCertificate) '{path}' could not be read as PEM certificates: {e.Message}", e);
        }

        if (_authorities.Count == 0)
            throw new InvalidOperationException($"SMTP_CA_CERTIFICATE (Email:SmtpCaCertificate) '{path}' holds no PEM certificate.");
    }

    /// <summary>The check for MailKit's client; null leaves MailKit's own (the system store).</summary>
    public RemoteCertificateValidationCallback? Validation => _authorities is null ? null : Validate;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(_authorities!);
        // A private CA seldom publishes revocation lists; without this every certificate it issued would be "unknown".
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null) own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        return own.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
