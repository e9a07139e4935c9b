using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Alerts;

namespace StatusPage.Application.Alerts;

/// <summary>The tokens sources authenticate with: the receiver decrypts one to compare it, or to check a signature made with it.</summary>
public sealed class AlertTokens(IDataProtectionProvider provider)
    : ProtectedSecrets(provider, "StatusPage.Alerts.Token", () => "spa_" + Base64Url(RandomNumberGenerator.GetBytes(32)))
{
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class AlertSetup
{
    public const string RateLimit = "alerts";

    /// <summary>
    /// Alert sources, their log and the receiver. <c>Alerts:NotificationsPerMinute</c> (default 600) limits what one
    /// client address may send, whether or not its token is right.
    /// </summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AlertTokens>();
        services.AddSingleton<AlertReceiver>();
        services.AddPerClientLimit(RateLimit, configuration.GetValue("Alerts:NotificationsPerMinute", 600));
        services.ConfigureMarten(options =>
        {
            options.Projections.Snapshot<AlertSource>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
            options.Schema.For<AlertSource>().MultiTenanted();
            options.Schema.For<AlertReceipt>().MultiTenanted().Index(r => r.SourceId);
        });
        return services;
    }
}
