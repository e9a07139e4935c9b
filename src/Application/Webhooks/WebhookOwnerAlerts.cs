using StatusPage.Application.Subscribers;
using StatusPage.Domain.Webhooks;
using Wolverine;

namespace StatusPage.Application.Webhooks;

/// <summary>
/// Tells an organization's owners by email that one of its webhook endpoints was disabled for failing, in the same
/// transaction as the event that disabled it (also in the endpoint's history).
/// </summary>
public static class WebhookOwnerAlerts
{
    public static OutgoingMessages For(WebhookEndpointDisabled disabled, WebhookEndpoint endpoint, string organization) =>
    [
        new OwnerAlert($"Webhook endpoint disabled: {endpoint.Url}",
            $"The webhook endpoint {endpoint.Url}{(endpoint.Description is { Length: > 0 } d ? $" ({d})" : "")} was disabled: {disabled.Reason} " +
            "It receives nothing until it is enabled again (PATCH …/webhooks/{id} with {\"enabled\": true}, or in the dashboard).")
            .WithTenantId(organization)
    ];
}
