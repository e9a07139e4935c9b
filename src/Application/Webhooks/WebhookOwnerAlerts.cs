using StatusPage.Domain.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// The one place that tells an organization's owners that one of its webhook endpoints was disabled for failing. Until
/// owners can be mailed, the event in the endpoint's history is how they learn it; the email feature's durable
/// <c>OwnerAlert</c> message is to be returned from here, so it leaves in the same transaction as the event.
/// </summary>
public static class WebhookOwnerAlerts
{
    public static OutgoingMessages For(WebhookEndpointDisabled disabled, WebhookEndpoint endpoint) => new();
}
