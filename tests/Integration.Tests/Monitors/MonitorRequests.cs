using System.Net.Http.Json;
using StatusPage.Application.Monitors;
using Wolverine;
using Wolverine.Tracking;

namespace StatusPage.Integration.Tests.Monitors;

public static class MonitorRequests
{
    public static async Task<Guid> AttachMonitor(this TestOrganization org, Guid component, object monitor)
    {
        var response = await org.Owner.PostAsJsonAsync(org.Api($"/components/{component}/monitors"), monitor);
        Assert.True(201 == (int)response.StatusCode, await response.Content.ReadAsStringAsync());
        return await response.Id();
    }

    /// <summary>
    /// Runs the monitor's check planned for the host's clock now, as the durable agent would when its time comes, and
    /// moves the clock on by the interval.
    /// </summary>
    public static async Task RunCheck(this StatusPageFixture fixture, TestOrganization org, Guid monitor, long generation = 1, int intervalSeconds = 10)
    {
        var message = new RunCheck(monitor, generation, fixture.Clock.GetUtcNow());
        await fixture.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30))
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(bus => bus.InvokeForTenantAsync(org.Id.ToString(), message)));
        fixture.Clock.Advance(TimeSpan.FromSeconds(intervalSeconds));
    }

    public static async Task<string> Status(this TestOrganization org, Guid component) => (await org.Component(component)).Status;

    /// <summary>The component's status changes, oldest first.</summary>
    public static async Task<List<StatusChangeAnswer>> StatusChanges(this TestOrganization org, Guid component) =>
        (await org.Events($"/components/{component}"))
        .Where(e => e.Type == "component_status_changed").Select(e => e.DataAs<StatusChangeAnswer>()).ToList();

    public static Task<MonitorAnswer> Monitor(this TestOrganization org, Guid monitor) => org.Get<MonitorAnswer>($"/monitors/{monitor}");

    public static Task<List<MonitorAnswer>> Monitors(this TestOrganization org, Guid component) =>
        org.Get<List<MonitorAnswer>>($"/components/{component}/monitors");

    /// <summary>Every check the monitor has logged, newest first.</summary>
    public static async Task<List<CheckAnswer>> Checks(this TestOrganization org, Guid monitor) =>
        (await org.Get<CheckPageAnswer>($"/monitors/{monitor}/checks?from={Uri.EscapeDataString(DateTimeOffset.MinValue.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.MaxValue.ToString("O"))}")).Checks;
}
