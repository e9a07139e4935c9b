using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Outbound;
using StatusPage.Domain.Webhooks;
using StatusPage.Projections.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

public static class WebhookSetup
{
    private const string Queue = "webhooks";

    /// <summary>
    /// Workers of the webhook queue per node (<c>Webhooks:Workers</c>). Each waits on a remote endpoint for at most 10 s,
    /// so there are enough that a tenth of a thousand endpoints hanging leaves most of them free for the rest; one
    /// organization gets at most half of them (<c>Webhooks:DeliveriesPerOrganization</c>).
    /// </summary>
    private const int DefaultWorkers = 256;

    private static int Workers(IConfiguration configuration) => configuration.GetValue("Webhooks:Workers", DefaultWorkers);

    /// <summary>The sender, its guarded HTTP client, the shared (and optionally encrypted) Data Protection key ring for secrets, and the documents.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton(new WebhookSlots(configuration.GetValue("Webhooks:DeliveriesPerOrganization", Workers(configuration) / 2)));
        services.AddSingleton<WebhookPayloads>();
        services.AddHttpClient(WebhookSender.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundGuard>().Handler());
        services.AddDataProtection().SetApplicationName("StatusPage").ProtectKeyRing(configuration);
        services.AddOptions<KeyManagementOptions>().Configure<IDocumentStore>((options, store) => options.XmlRepository = new MartenKeyRing(store));
        services.ConfigureMarten(options =>
        {
            options.Schema.For<DataProtectionKey>().SingleTenanted();
            options.Projections.Snapshot<WebhookEndpoint>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
            options.Schema.For<WebhookEndpoint>().MultiTenanted();
            options.Schema.For<WebhookDelivery>().MultiTenanted().Index(d => d.EndpointId).Index(d => d.Sequence!);
            options.Schema.For<WebhookAttempt>().MultiTenanted().Index(a => a.DeliveryId).Index(a => a.EndpointId);
        });
        return services;
    }

    /// <summary>Deliveries get their own durable local queue, so slow endpoints never hold up the app's other messages.</summary>
    public static void UseWebhooks(this WolverineOptions options, IConfiguration configuration)
    {
        options.LocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(Workers(configuration));
        options.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue);
    }
}
