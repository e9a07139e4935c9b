using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StatusPage.Application.Webhooks;

namespace StatusPage.Integration.Tests.Webhooks;

/// <summary>The real Data Protection stack with the host's key ring settings, over a ring kept in memory instead of PostgreSQL.</summary>
public sealed class KeyRingProtectionTests
{
    [Fact]
    public void A_ring_encrypted_with_a_configured_key_holds_no_key_in_the_clear_and_opens_only_with_that_key()
    {
        var ring = new Ring();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var secret = Provider(ring, new() { ["DataProtection:Key"] = key }).Protect("whsec_signing");

        Assert.Contains("encryptedSecret", ring.Text);
        Assert.DoesNotContain("unencrypted form", ring.Text);
        Assert.Equal("whsec_signing", Provider(ring, new() { ["DataProtection:Key"] = key }).Unprotect(secret));
        var otherKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Assert.ThrowsAny<CryptographicException>(() => Provider(ring, new() { ["DataProtection:Key"] = otherKey }).Unprotect(secret));
    }

    [Fact]
    public void A_ring_encrypted_with_a_certificate_file_opens_with_that_file()
    {
        var ring = new Ring();
        var file = Path.Combine(Path.GetTempPath(), $"keyring-{Guid.NewGuid():N}.pfx");
        using var rsa = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=StatusPage key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(file, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        try
        {
            var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = file, ["DataProtection:CertificatePassword"] = "pfx-password" };
            var secret = Provider(ring, settings).Protect("whsec_signing");

            Assert.Contains("EncryptedData", ring.Text);
            Assert.DoesNotContain("unencrypted form", ring.Text);
            Assert.Equal("whsec_signing", Provider(ring, settings).Unprotect(secret));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task An_unencrypted_ring_is_warned_about_at_start_in_production(string environment, bool warned)
    {
        var log = new Warnings();
        var services = Services(new Ring(), new());
        services.AddSingleton<IHostEnvironment>(new Environment { EnvironmentName = environment });
        services.AddLogging(logging => logging.AddProvider(log));
        await using var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(default);

        Assert.Equal(warned, log.Seen.Any(w => w.Contains("DataProtection:Key")));
    }

    private static IDataProtector Provider(Ring ring, Dictionary<string, string?> settings) =>
        Services(ring, settings).BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

    private static ServiceCollection Services(Ring ring, Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("StatusPage")
            .ProtectKeyRing(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = ring);
        return services;
    }

    private sealed class Ring : IXmlRepository
    {
        private readonly ConcurrentQueue<XElement> _elements = new();
        public string Text => string.Concat(_elements.Select(e => e.ToString()));
        public IReadOnlyCollection<XElement> GetAllElements() => _elements.ToList();
        public void StoreElement(XElement element, string friendlyName) => _elements.Enqueue(element);
    }

    private sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "StatusPage";
        public string ContentRootPath { get; set; } = "/";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    private sealed class Warnings : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Seen { get; } = new();
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) Seen.Enqueue(formatter(state, exception));
        }

        public void Dispose()
        {
        }
    }
}
