using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Access;
using StatusPage.Application.Health;
using StatusPage.Application.Http;
using StatusPage.Projections;
using Weasel.Core;
using Wolverine;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace StatusPage.Application;

public sealed record StatusPageSettings(string DatabaseConnectionString, string RedisConfiguration, string? AdminToken);

public static class StatusPageSetup
{
    public const string Schema = "statuspage";

    /// <summary>Everything but the web host: event store, read models, access control, JSON shape, health.</summary>
    public static IServiceCollection AddStatusPage(this IServiceCollection services, StatusPageSettings settings)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddMarten(options =>
            {
                options.Connection(settings.DatabaseConnectionString);
                options.DatabaseSchemaName = Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Schema.For<ApiKeyLastUse>().SingleTenanted();
                ReadModels.Register(options);
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine();

        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ =>
        {
            var redis = StackExchange.Redis.ConfigurationOptions.Parse(settings.RedisConfiguration);
            redis.AbortOnConnectFail = false;
            return StackExchange.Redis.ConnectionMultiplexer.Connect(redis);
        });

        services.AddSingleton<ApiKeyUsage>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsage>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                o => o.AdminToken = settings.AdminToken);
        services.AddStatusPagePolicies();

        services.Configure<JsonOptions>(o => Json(o.SerializerOptions));
        services.AddProblemDetails();
        services.AddExceptionHandler<KnownFailures>();
        services.AddStatusPageHealth();
        return services;
    }

    /// <summary>Status words on the wire are the ones Statuspage readers know: "major_outage", "investigating".</summary>
    public static JsonSerializerOptions Json(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    public static void UseStatusPage(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(StatusPageSetup).Assembly);
        options.Policies.AutoApplyTransactions();
        options.Policies.UseDurableLocalQueues();
        options.Policies.UseDurableOutboxOnAllSendingEndpoints();
        options.EnableRelayOfUserName = true;
        options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
    }
}
