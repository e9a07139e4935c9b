using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StatusPage.Testing;

public static class WebhookRequests
{
    public static async Task<(Guid Id, string Secret)> RegisterWebhook(this TestOrganization org, string url, object? settings = null)
    {
        var body = JsonSerializer.SerializeToNode(settings ?? new { })!.AsObject();
        body["url"] = url;
        var response = await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), body);
        var created = await response.Json();
        Assert.True(201 == (int)response.StatusCode, created.ToJsonString());
        return (Guid.Parse(created["id"]!.GetValue<string>()), created["secret"]!.GetValue<string>());
    }

    /// <summary>The endpoint's newest delivery once it has this many attempts logged; the log is written after each answer.</summary>
    public static async Task<JsonNode> WaitForAttempts(this TestOrganization org, Guid endpointId, int attempts)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = (await org.Get($"/webhooks/{endpointId}/deliveries"))["deliveries"]!.AsArray();
            if (deliveries.Count > 0 && deliveries[0]!["attempts"]!.AsArray().Count >= attempts) return deliveries[0]!;
            Assert.True(DateTimeOffset.UtcNow < deadline, $"No delivery with {attempts} attempts within 30 s: {deliveries.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
