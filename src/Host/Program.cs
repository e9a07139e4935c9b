using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using StatusPage.Application;
using StatusPage.Application.Access;
using StatusPage.Application.Alerts;
using StatusPage.Application.Health;
using StatusPage.Application.Http;
using StatusPage.Application.Monitors;
using StatusPage.Application.Organizations;
using StatusPage.Application.Outbound;
using StatusPage.Application.Webhooks;
using StatusPage.Host.Assets;
using StatusPage.Host.Configuration;
using StatusPage.Host.Dashboard;
using StatusPage.Host.Demo;
using StatusPage.Host.Live;
using StatusPage.Host.PublicPages.Html;
using StatusPage.Host.PublicApi;
using StatusPage.Host.PublicPages;
using StatusPage.Host.PublicPages.Feeds;
using StatusPage.Host.Subscriptions;
using Wolverine;
using Wolverine.Http;

// A setting the host cannot start with ends it with one line naming the variable, not a stack trace.
try
{
    return await Serve(args);
}
catch (Exception e) when (e is ConfigurationError or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"StatusPage cannot start: {e.Message}");
    return 1;
}

static async Task<int> Serve(string[] args)
{
    // Thousands of live connections wait on one change: a blocking full collection in the middle of a fan-out delays every
    // one of them, so full collections run in the background unless memory runs short.
    System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;
    var builder = WebApplication.CreateBuilder(args);
    OperatorEnvironment.Apply(builder.Configuration);
    builder.AddObservability();

    // Wolverine starts before the projection daemon: events already waiting at start-up (a backlog after a restart)
    // publish messages at once, and Wolverine must be running to take them.
    builder.Host.UseWolverine(options =>
    {
        options.UseStatusPage();
        options.UseWebhooks(builder.Configuration);
        options.UseMonitors(builder.Configuration);
        // Pre-generated handlers live here, also when a test runner is the entry assembly.
        options.ApplicationAssembly = typeof(Program).Assembly;
        // Development compiles handlers on the fly; everywhere else runs the committed `codegen write` output, and a
        // handler missing from it stops the start instead of failing its first message.
        options.Services.CritterStackDefaults(defaults =>
        {
            defaults.Development.GeneratedCodeMode = TypeLoadMode.Dynamic;
            defaults.Production.GeneratedCodeMode = TypeLoadMode.Static;
            defaults.Production.AssertAllPreGeneratedTypesExist = true;
        });
        if (builder.Configuration["Codegen:OutputPath"] is { Length: > 0 } output) options.CodeGeneration.GeneratedCodeOutputPath = output;
    });
    builder.Services.AddStatusPage(OperatorEnvironment.Settings(builder.Configuration));
    builder.Services.AddNodeOptions(builder.Configuration);
    builder.Services.AddOutboundGuard(builder.Configuration["Outbound:AllowCidrs"]);
    builder.Services.AddTenantLimits(builder.Configuration);
    builder.Services.AddEmail(builder.Configuration);
    builder.Services.AddWebhooks(builder.Configuration);
    builder.Services.AddMonitors(builder.Configuration);
    builder.Services.AddAlerts(builder.Configuration);
    builder.Services.AddDemoOrganization(builder.Configuration);
    builder.Services.AddLiveStreams(builder.Configuration);
    builder.Services.AddPublicDocuments();
    builder.Services.AddDashboard(builder.Configuration);
    builder.Services.AddApiDocument();
    builder.Services.AddWolverineHttp();
    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
    // docker stop and most orchestrators kill 10 s after SIGTERM: the node must have handed back its durable messages by then.
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("shutdownTimeoutSeconds", 8)));

    var app = builder.Build();

    app.UseTrustedProxies();
    app.UseSecurityHeaders(builder.Configuration);
    app.UseExceptionHandler();
    app.UseMetricsEndpoint();
    app.UseStatusCodePages();
    app.UseBodyLimit();
    app.UseAuthentication();
    app.UseDashboard();
    app.UseAuthorization();
    app.UseRateLimiter();
    app.MapOpenApi();
    app.MapScalarApiReference("/api/reference", options => options.WithNonce().DisableDefaultFonts());
    app.MapPageAssets();
    app.MapStatusPageHealth();
    app.MapLiveStreams();
    app.MapPublicHtml();
    app.MapStatuspageV2();
    app.MapPublicFeeds();
    app.MapDashboard();
    app.MapSubscriptionPages();
    app.MapWolverineEndpoints(options =>
    {
        options.TenantId.IsClaimTypeNamed(StatusPageClaims.Organization);
        options.RejectUnparseableQueryValues = true;
        options.ConfigureEndpoints(NotNilGuid.Apply);
        options.AddPolicy<ExpectedVersionPolicy>();
    });

    // Without a command the host just runs: JasperFx's command discovery would first print to stdout, and with
    // LOG_FORMAT=json every line there must be a JSON log entry.
    if (args.Length == 0)
    {
        await app.RunAsync();
        return 0;
    }

    return await app.RunJasperFxCommands(args);
}

/// <summary>Lets test hosts find the application's entry point.</summary>
public partial class Program;
