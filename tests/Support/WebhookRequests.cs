using System.Net.Http.Json;
using System.Text.Json;

namespace StatusPage.Testing;

public static class WebhookRequests
{
    public static async Task<(Guid Id, string Secret)> RegisterWebhook(this TestOrganization org, string url, object? settings = null)
    {
        var body = JsonSerializer.SerializeToNode(settings ?? new { })!.AsObject();
        body["url"] = url;
        var response = await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), body);
        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        var created = await response.Answer<WebhookSecretAnswer>();
        return (created.Id, created.Secret);
    }

    public static Task<WebhookAnswer> Webhook(this TestOrganization org, Guid id) => org.Get<WebhookAnswer>($"/webhooks/{id}");

    public static Task<List<WebhookAnswer>> Webhooks(this TestOrganization org) => org.Get<List<WebhookAnswer>>("/webhooks");

    /// <summary>The endpoint's delivery log, newest first.</summary>
    public static async Task<List<DeliveryAnswer>> Deliveries(this TestOrganization org, Guid endpointId) =>
        (await org.Get<DeliveryPageAnswer>($"/webhooks/{endpointId}/deliveries")).Deliveries;

    /// <summary>The endpoint's newest delivery once it has this many attempts logged; the log is written after each answer.</summary>
    public static async Task<DeliveryAnswer> WaitForAttempts(this TestOrganization org, Guid endpointId, int attempts)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = await org.Deliveries(endpointId);
            if (deliveries.Count > 0 && deliveries[0].Attempts.Count >= attempts) return deliveries[0];
            Assert.True(DateTimeOffset.UtcNow < deadline,
                $"No delivery with {attempts} attempts within 30 s: {string.Join(", ", deliveries.Select(d => $"{d.State} after {d.Attempts.Count}"))}");
            await Task.Delay(100);
        }
    }
}
