using StatusPage.Integration.Tests.Monitors;

namespace StatusPage.Integration.Tests.Dashboard;

/// <summary>The dashboard's form bridge leaves alone whatever is not a dashboard form.</summary>
[Collection(StatusPageCollection.Name)]
public sealed class FormBridgeTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task A_heartbeat_posted_as_a_form_without_the_dashboard_s_cookies_is_taken_as_before()
    {
        var org = await fixture.NewOrganization();
        var job = await org.AddComponent("Nightly job");
        var monitor = await org.AttachMonitor(job, new { type = "heartbeat", intervalSeconds = 60, timeoutSeconds = 30 });
        var secret = (await org.Get($"/monitors/{monitor}"))["heartbeatSecret"]!.GetValue<string>();

        var curlStyle = await fixture.Client().PostAsync($"/api/heartbeats/{monitor}/{secret}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["status"] = "ok" }));
        Assert.Equal(202, (int)curlStyle.StatusCode);
    }

    [Fact]
    public async Task A_form_no_browser_would_send_is_400_not_500()
    {
        foreach (var path in new[] { "/dashboard/sign-in", "/dashboard/setup" })
        {
            var nul = await fixture.Client().PostAsync(path,
                new StringContent("email=%00&password=%00", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));
            await nul.AssertProblem(400);
        }
    }
}
