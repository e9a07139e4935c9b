using StatusPage.Application.Webhooks;

namespace StatusPage.Host.Dashboard.Parts;

public static class WebhookWords
{
    /// <summary>Whether an endpoint gets messages, with the reason when it was switched off.</summary>
    public static string State(WebhookView endpoint) =>
        endpoint.Enabled ? "Enabled" : endpoint.DisabledReason is { } reason ? $"Disabled: {reason}" : "Disabled";
}
