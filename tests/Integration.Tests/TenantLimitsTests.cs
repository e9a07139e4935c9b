using System.Net.Http.Json;
using StatusPage.Integration.Tests.Monitors;
using StatusPage.Integration.Tests.Webhooks;

namespace StatusPage.Integration.Tests;

/// <summary>The fixture's limits: 10 monitors, 12 webhook endpoints and 2,500 imported subscribers a day per organization.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class TenantLimitsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task An_organization_at_its_monitor_limit_gets_409_and_another_organization_is_unaffected()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent("API");
        var heartbeat = new { type = "heartbeat", intervalSeconds = 3600 };
        for (var i = 0; i < 10; i++) await org.AttachMonitor(api, heartbeat);

        var refused = await (await org.Owner.PostAsJsonAsync(org.Api($"/components/{api}/monitors"), heartbeat)).AssertProblem(409);
        Assert.Contains("Limits:MonitorsPerOrganization", refused["detail"]!.GetValue<string>());

        var monitors = await org.Monitors(api);
        Assert.True((await org.Owner.DeleteAsync(org.Api($"/monitors/{monitors[0].Id}"))).IsSuccessStatusCode);
        await org.AttachMonitor(api, heartbeat);

        var other = await fixture.NewOrganization();
        await other.AttachMonitor(await other.AddComponent("API"), heartbeat);
    }

    [Fact]
    public async Task An_organization_at_its_webhook_endpoint_limit_gets_409()
    {
        await using var receiver = await WebhookReceiver.Start();
        var org = await fixture.NewOrganization();
        for (var i = 0; i < 12; i++) await org.RegisterWebhook(receiver.Url($"/limit/{i}"));

        var refused = await (await org.Owner.PostAsJsonAsync(org.Api("/webhooks"), new { url = receiver.Url("/limit/13") })).AssertProblem(409);
        Assert.Contains("Limits:WebhookEndpointsPerOrganization", refused["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_import_that_would_pass_the_daily_limit_is_refused_whole()
    {
        var org = await fixture.NewOrganization();
        Assert.Equal(200, (int)(await Import(org, 2)).StatusCode);

        var refused = await (await Import(org, 2_499)).AssertProblem(409);
        Assert.Contains("Limits:SubscriberImportsPerDay", refused["detail"]!.GetValue<string>());
        Assert.Equal(2, (await org.Get<SubscriberPageAnswer>("/subscribers")).Total);
        Assert.Equal(200, (int)(await Import(org, 1)).StatusCode);
    }

    private static Task<HttpResponseMessage> Import(TestOrganization org, int rows) =>
        org.Owner.PostAsync(org.Api("/subscribers/import?consented=true"), new StringContent(
            string.Join("\n", Enumerable.Range(0, rows).Select(_ => Mailbox.NewAddress("import"))), System.Text.Encoding.UTF8, "text/csv"));
}
