using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// The Data Protection key ring sits in PostgreSQL next to the ciphertext it decrypts, so whoever reads a backup reads
/// every webhook signing secret, unless the ring is itself encrypted with a key that lives elsewhere (configuration
/// section <c>DataProtection</c>): an X.509 certificate with its private key (<c>CertificatePath</c>, a PKCS#12 file,
/// and <c>CertificatePassword</c>) or 32 random bytes in base64 (<c>Key</c>). Keys written before stay readable as they were.
/// </summary>
public static class KeyRingProtection
{
    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        var section = configuration.GetSection("DataProtection");
        if (section["CertificatePath"] is { Length: > 0 } path)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"]);
            // Decryption would otherwise look for the certificate in the machine's store, where a container has none.
            return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        if (section["Key"] is { Length: > 0 } key)
        {
            var ringKey = RingKey.Parse(key);
            builder.Services.AddSingleton(ringKey);
            builder.Services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new AesGcmXmlEncryptor(ringKey));
            return builder;
        }

        builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        return builder;
    }
}

/// <summary>The key that encrypts the key ring: exactly 32 bytes, so that a short or mistyped one stops the host at start.</summary>
public sealed class RingKey
{
    private RingKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    public static RingKey Parse(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("DataProtection:Key is not base64.");
        }

        return bytes.Length == 32 ? new RingKey(bytes) : throw new InvalidOperationException("DataProtection:Key must be 32 bytes (44 base64 characters).");
    }
}

public sealed class AesGcmXmlEncryptor(RingKey key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(key.Bytes, tag.Length)) aes.Encrypt(nonce, plaintext, ciphertext, tag);
        return new EncryptedXmlInfo(
            new XElement("aesGcm", new XElement("nonce", Convert.ToBase64String(nonce)), new XElement("tag", Convert.ToBase64String(tag)),
                new XElement("value", Convert.ToBase64String(ciphertext))),
            typeof(AesGcmXmlDecryptor));
    }
}

/// <summary>Data Protection creates decryptors by type, handing them its service provider.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetService<RingKey>()
                  ?? throw new InvalidOperationException("The Data Protection key ring is encrypted with a key, and DataProtection:Key is not set.");
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var ciphertext = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(key.Bytes, tag.Length)) aes.Decrypt(nonce, ciphertext, tag, plaintext);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}

internal sealed class UnprotectedKeyRingWarning(IHostEnvironment environment, ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction())
            logger.LogWarning(
                "The Data Protection key ring (it decrypts webhook signing secrets) is stored in PostgreSQL unencrypted: set DataProtection:CertificatePath or DataProtection:Key.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
