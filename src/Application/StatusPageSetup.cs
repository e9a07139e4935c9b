using JasperFx.Events;
using JasperFx.Events.Daemon;
using StatusPage.Projections.Live;
using JasperFx.MultiTenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusPage.Application.Access;
using StatusPage.Application.Health;
using StatusPage.Application.Http;
using StatusPage.Application.Notifications;
using StatusPage.Application.Storage;
using StatusPage.Projections;
using Weasel.Core;
using Wolverine;
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
                options.Connection(PooledConnections(settings.DatabaseConnectionString));
                options.DatabaseSchemaName = Schema;
                options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
                options.Events.TenancyStyle = TenancyStyle.Conjoined;
                // Appends need no read of the stream first, and the aggregate a command loaded is the one its
                // inline snapshot is folded into: one round trip less each way on every command.
                options.Events.AppendMode = EventAppendMode.Quick;
                // While events keep coming the daemon looks again soon; once caught up it rests until NewEventsSignal
                // wakes it, the long look only a safety net (an idle node polling every 50 ms cost 8 % of a core).
                options.Projections.FastPollingTime = TimeSpan.FromMilliseconds(20);
                options.Projections.SlowPollingTime = TimeSpan.FromSeconds(2);
                options.Projections.UseIdentityMapForAggregates = true;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Schema.For<ApiKeyLastUse>().SingleTenanted();
                ReadModels.Register(options);
            })
            .UseLightweightSessions()
            .AddSubscriptionWithServices<LivePublisher>(ServiceLifetime.Singleton, subscription =>
            {
                foreach (var type in LiveUpdates.EventTypes) subscription.IncludeType(type);
                // New installations start at the present, not with a replay of all history; a node taking over
                // publishing resumes where the last one stopped, so connected clients miss nothing in between.
                subscription.Options.SubscribeAsInlineToAsync();
            })
            .AddAsyncDaemon(DaemonMode.HotCold)
            .IntegrateWithWolverine()
            .SubscribeToEvents(new NoticeRelay());
        services.AddSingleton(sp => new NewEventsSignal(settings.DatabaseConnectionString, sp.GetRequiredService<ILogger<NewEventsSignal>>()));
        services.AddHostedService(sp => sp.GetRequiredService<NewEventsSignal>());
        services.ConfigureMarten((sp, options) =>
        {
            var signal = sp.GetRequiredService<NewEventsSignal>();
            options.Listeners.Add(signal);
            options.Projections.Wakeup = signal.Wakeup();
        });
        services.AddSingleton<ReadSide>();

        services.AddSingleton<StackExchange.Redis.IConnectionMultiplexer>(_ =>
        {
            var redis = StackExchange.Redis.ConfigurationOptions.Parse(settings.RedisConfiguration);
            redis.AbortOnConnectFail = false;
            return StackExchange.Redis.ConnectionMultiplexer.Connect(redis);
        });

        services.AddMemoryCache();
        services.AddSingleton<ApiKeyDirectory>();
        services.AddSingleton<ApiKeyUsage>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsage>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName,
                o => o.AdminToken = settings.AdminToken);
        services.AddStatusPagePolicies();

        services.Configure<JsonOptions>(o => WireJson.Configure(o.SerializerOptions).Converters.Add(new NulFreeText()));
        services.AddProblemDetails();
        services.AddExceptionHandler<KnownFailures>();
        services.AddClientRateLimits();
        services.AddStatusPageHealth();
        return services;
    }

    /// <summary>
    /// Every command runs the same few statements, so PostgreSQL should parse and plan them once per connection,
    /// not once per call: Npgsql prepares the frequent ones, and connections go back to the pool without the
    /// DISCARD ALL that would drop those plans (nothing here leaves other session state behind). Measured in
    /// bench/: parsing and re-planning had cost more than the rest of a command.
    /// </summary>
    private static string PooledConnections(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString)
        {
            NoResetOnClose = true,
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 3
        }.ConnectionString;

    public static void UseStatusPage(this WolverineOptions options)
    {
        options.Discovery.IncludeAssembly(typeof(StatusPageSetup).Assembly);
        options.Policies.AutoApplyTransactions();
        options.Policies.UseDurableLocalQueues();
        options.Policies.UseDurableOutboxOnAllSendingEndpoints();
        // Email and webhooks each take a notice on a queue of their own: one failing never holds up or repeats the other.
        options.MultipleHandlerBehavior = MultipleHandlerBehavior.Separated;
        options.EnableRelayOfUserName = true;
        options.EntityDefaults.OnMissing = OnMissing.ProblemDetailsWith404;
    }
}
