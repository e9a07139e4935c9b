using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace StatusPage.Application.Organizations;

/// <summary>Configuration section <c>Limits</c>: what one organization may have or do; the same for every organization.</summary>
public sealed class TenantLimits
{
    public int MonitorsPerOrganization { get; set; } = 1_000;
    public int WebhookEndpointsPerOrganization { get; set; } = 1_000;
    public int AlertSourcesPerOrganization { get; set; } = 100;

    /// <summary>Addresses imported in any 24 hours: every one may get a verification mail.</summary>
    public int SubscriberImportsPerDay { get; set; } = 10_000;
}

public static class TenantLimitsSetup
{
    public static IServiceCollection AddTenantLimits(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(configuration.GetSection("Limits").Get<TenantLimits>() ?? new TenantLimits());
}
