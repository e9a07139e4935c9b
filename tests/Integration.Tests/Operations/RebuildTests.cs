using System.Net.Http.Json;
using StatusPage.Integration.Tests.Live;

namespace StatusPage.Integration.Tests.Operations;

/// <summary>
/// The upgrade step of docs/operations.md: with the nodes stopped, <c>rebuild-read-models</c> folds every event again
/// into the public read models, and what it builds is what the daemon had built live, document for document, without
/// touching the live and notice subscriptions.
/// </summary>
[Collection(StatusPageCollection.Name)]
public sealed class RebuildTests(StatusPageFixture fixture)
{
    private const string Views = """
        select 'page', id, '', data::text from statuspage.mt_doc_pageview
        union all select 'history', id::text, tenant_id, data::text from statuspage.mt_doc_incidenthistoryentry
        order by 1, 3, 2
        """;

    /// <summary>How far the live publisher and the notices have got: a rebuild that replayed them would send every past change again.</summary>
    private const string Subscriptions = """
        select name, last_seq_id::text from statuspage.mt_event_progression
        where name not like 'HighWater%' and name not like 'PageView:%' and name not like 'IncidentHistoryEntry:%' order by name
        """;

    [Fact]
    public async Task Rebuilding_the_read_models_from_the_events_gives_back_the_views_the_daemon_built_live()
    {
        await using var database = await ScratchDatabase.Create();
        var settings = new Dictionary<string, string> { ["DATABASE_URL"] = database.ConnectionString };
        List<string[]> live;
        await using (var node = await HostProcess.Start(LiveNode.SharedRedis, settings))
        {
            await History(await node.NewOrganization(fixture));
            await History(await node.NewOrganization(fixture));
            await Eventually.True(async () => (await database.Rows("""
                select (select max(seq_id) from statuspage.mt_events)
                    <= (select min(last_seq_id) from statuspage.mt_event_progression where name like 'PageView:%' or name like 'IncidentHistoryEntry:%')
                """))[0][0] == "True", "the daemon has projected every event");
            live = await database.Rows(Views);
            Assert.Equal(0, await node.Terminate(TimeSpan.FromSeconds(30)));
        }

        // Damaged and missing views show that the rebuild, not what was left in the tables, makes them.
        await database.Rows("update statuspage.mt_doc_pageview set data = '{}'");
        await database.Rows("delete from statuspage.mt_doc_incidenthistoryentry");
        var subscriptions = await database.Rows(Subscriptions);
        var (exitCode, output) = await HostProcess.Command(settings, "rebuild-read-models");
        Assert.True(exitCode == 0, $"rebuild-read-models failed:\n{output}");
        Assert.Contains("Rebuilt IncidentHistoryEntry, PageView.", output);

        Assert.Equal(2, live.Count(v => v[0] == "page"));
        Assert.Equal(6, live.Count(v => v[0] == "history"));
        Assert.Equal(live, await database.Rows(Views));
        Assert.Equal(["LivePublisher:All", "Notices:All"], subscriptions.Select(s => s[0]));
        Assert.Equal(subscriptions, await database.Rows(Subscriptions));
    }

    /// <summary>Every kind of event the page and the history fold: groups and components changed and removed, incidents through to a postmortem, maintenance done and called off.</summary>
    private static async Task History(TestOrganization org)
    {
        var platform = await org.AddGroup();
        var spare = await org.AddGroup("Spare");
        var api = await org.AddComponent("API", platform);
        var web = await org.AddComponent("Web");
        var legacy = await org.AddComponent("Legacy");
        await Succeeds(org.Owner.PatchAsJsonAsync(org.Api($"/components/{web}"),
            new { name = "Website", description = "What customers see.", groupId = platform, position = 0, status = "degraded_performance" }));
        await Succeeds(org.Owner.PatchAsJsonAsync(org.Api($"/groups/{platform}"), new { name = "Core", description = "Everything.", position = 1 }));
        await Succeeds(org.Owner.DeleteAsync(org.Api($"/components/{legacy}")));
        await Succeeds(org.Owner.DeleteAsync(org.Api($"/groups/{spare}")));

        var resolved = await org.Declare(api);
        await Succeeds(org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{resolved}"), new { impact = "critical", name = "Database outage" }));
        await Update(org, resolved, "identified");
        await Update(org, resolved, "resolved");
        await Succeeds(org.Owner.PostAsJsonAsync(org.Api($"/incidents/{resolved}/postmortem"), new { body = "# What happened\nA disk filled up." }));
        await Update(org, await org.Declare(web, "partial_outage"), "monitoring");
        var quiet = await org.Declare(api, "operational");
        await Succeeds(org.Owner.PatchAsJsonAsync(org.Api($"/incidents/{quiet}"), new { name = "Slow logins" }));

        var now = DateTimeOffset.UtcNow;
        var upgrade = await org.ScheduleMaintenance(now.AddHours(1), now.AddHours(2), autoStart: false, api);
        await Succeeds(org.Owner.PatchAsJsonAsync(org.Api($"/maintenances/{upgrade}"), new { name = "Disk upgrade", scheduledFor = now.AddHours(3), scheduledUntil = now.AddHours(4) }));
        await Succeeds(org.PostMaintenanceUpdate(upgrade, "in_progress"));
        var moved = await org.ScheduleMaintenance(now.AddDays(1), now.AddDays(1).AddHours(1), autoStart: false, web);
        await Succeeds(org.Owner.PostAsJsonAsync(org.Api($"/maintenances/{moved}/cancel"), new { message = "Not needed." }));
    }

    private static Task Update(TestOrganization org, Guid incident, string status) =>
        Succeeds(org.Owner.PostAsJsonAsync(org.Api($"/incidents/{incident}/updates"), new { status, message = $"Now {status}." }));

    private static async Task Succeeds(Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
