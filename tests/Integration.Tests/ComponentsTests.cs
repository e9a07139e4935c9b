using System.Net.Http.Json;

namespace StatusPage.Integration.Tests;

[Collection(StatusPageCollection.Name)]
public sealed class ComponentsTests(StatusPageFixture fixture)
{
    [Fact]
    public async Task One_change_renames_describes_reorders_moves_and_sets_a_component_each_as_its_own_event()
    {
        var org = await fixture.NewOrganization();
        var platform = await org.AddGroup("Platform");
        var data = await org.AddGroup("Data");
        var api = await org.AddComponent("API", platform);

        var patch = await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"),
            new { name = "Public API", description = "REST and GraphQL", position = 5, groupId = data, status = "partial_outage" });
        Assert.Equal(200, (int)patch.StatusCode);
        Assert.Equal(6, (await patch.Answer<WrittenAnswer>()).Version);
        Assert.Equal("\"6\"", patch.Headers.ETag!.Tag);

        var component = await org.Component(api);
        Assert.Equal("Public API", component.Name);
        Assert.Equal("REST and GraphQL", component.Description);
        Assert.Equal(5, component.Position);
        Assert.Equal(data, component.GroupId);
        Assert.Equal("partial_outage", component.Status);

        var ungroup = await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { groupId = (Guid?)null });
        Assert.Equal(200, (int)ungroup.StatusCode);
        Assert.Null((await org.Component(api)).GroupId);

        Assert.Equal(["component_added", "component_renamed", "component_described", "component_moved_to_group",
            "component_reordered", "component_status_changed", "component_moved_to_group"], (await org.Events($"/components/{api}")).Select(e => e.Type));
    }

    [Fact]
    public async Task A_removed_component_is_gone_from_reads_writes_and_the_list()
    {
        var org = await fixture.NewOrganization();
        await org.AddComponent("Public API");
        var web = await org.AddComponent("Web");

        Assert.Equal(200, (int)(await org.Owner.DeleteAsync(org.Api($"/components/{web}"))).StatusCode);
        await (await org.Owner.GetAsync(org.Api($"/components/{web}"))).AssertProblem(404);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{web}"), new { status = "major_outage" })).AssertProblem(404);
        Assert.Equal(["Public API"], (await org.Components()).Select(c => c.Name));
    }

    [Fact]
    public async Task Every_status_of_the_list_can_be_set_and_nothing_else()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        foreach (var status in new[] { "degraded_performance", "partial_outage", "major_outage", "under_maintenance", "operational" })
        {
            Assert.Equal(200, (int)(await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status })).StatusCode);
            Assert.Equal(status, (await org.Component(api)).Status);
        }

        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = "on_fire" })).AssertProblem(400);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { status = 2 })).AssertProblem(400);
        Assert.Equal("operational", (await org.Component(api)).Status);
    }

    [Fact]
    public async Task A_stale_version_is_a_conflict_and_changes_nothing()
    {
        var org = await fixture.NewOrganization();
        var api = await org.AddComponent();
        var first = await org.Owner.GetAsync(org.Api($"/components/{api}"));
        var etag = first.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        var winner = new HttpRequestMessage(HttpMethod.Patch, org.Api($"/components/{api}")) { Content = JsonContent.Create(new { name = "Winner" }) };
        winner.Headers.IfMatch.ParseAdd(etag);
        Assert.Equal(200, (int)(await org.Owner.SendAsync(winner)).StatusCode);

        var loser = new HttpRequestMessage(HttpMethod.Patch, org.Api($"/components/{api}")) { Content = JsonContent.Create(new { name = "Loser" }) };
        loser.Headers.IfMatch.ParseAdd(etag);
        await (await org.Owner.SendAsync(loser)).AssertProblem(409);
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { name = "Loser", expectedVersion = 1 })).AssertProblem(409);
        Assert.Equal("Winner", (await org.Component(api)).Name);
    }

    [Fact]
    public async Task Groups_are_managed_and_a_group_with_components_is_not_removed()
    {
        var org = await fixture.NewOrganization();
        var group = await org.AddGroup("Platform");
        var api = await org.AddComponent("API", group);

        var patch = await org.Owner.PatchAsJsonAsync(org.Api($"/groups/{group}"), new { name = "Core", description = "The core", position = 2 });
        Assert.Equal(4, (await patch.Answer<WrittenAnswer>()).Version);
        var listed = Assert.Single(await org.Groups());
        Assert.Equal("Core", listed.Name);
        Assert.Equal(2, listed.Position);

        await (await org.Owner.DeleteAsync(org.Api($"/groups/{group}"))).AssertProblem(409);
        await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { groupId = (Guid?)null });
        Assert.Equal(200, (int)(await org.Owner.DeleteAsync(org.Api($"/groups/{group}"))).StatusCode);
        Assert.Empty(await org.Groups());
        await (await org.Owner.PostAsJsonAsync(org.Api("/components"), new { name = "Orphan", groupId = group })).AssertProblem(400);
    }

    [Fact]
    public async Task A_component_cannot_join_an_unknown_group()
    {
        var org = await fixture.NewOrganization();
        await (await org.Owner.PostAsJsonAsync(org.Api("/components"), new { name = "X", groupId = Guid.NewGuid() })).AssertProblem(400);
        var api = await org.AddComponent();
        await (await org.Owner.PatchAsJsonAsync(org.Api($"/components/{api}"), new { groupId = Guid.NewGuid() })).AssertProblem(400);
        Assert.Equal(1, (await org.Component(api)).Version);
    }
}
