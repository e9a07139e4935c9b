using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class ComponentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private static Component Api(ComponentStatus status = ComponentStatus.Operational) =>
        Component.Create(new ComponentAdded(Guid.NewGuid(), "API", null, null, 0, status, Now));

    [Fact]
    public void Adding_a_component_records_its_name_group_and_status()
    {
        var group = Guid.NewGuid();
        var outcome = ComponentRules.Add(Guid.NewGuid(), "  API  ", "desc", group, true, 3, ComponentStatus.DegradedPerformance, Now);
        var added = Assert.IsType<ComponentAdded>(Assert.Single(outcome.Events));
        Assert.Equal(("API", group, 3, ComponentStatus.DegradedPerformance), (added.Name, added.GroupId, added.Position, added.Status));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_component_needs_a_name(string? name) =>
        AssertInvalid(ComponentRules.Add(Guid.NewGuid(), name, null, null, false, 0, ComponentStatus.Operational, Now), "name");

    [Fact]
    public void Names_are_at_most_255_characters()
    {
        Assert.True(ComponentRules.Add(Guid.NewGuid(), new string('a', 255), null, null, false, 0, ComponentStatus.Operational, Now).Accepted);
        AssertInvalid(ComponentRules.Add(Guid.NewGuid(), new string('a', 256), null, null, false, 0, ComponentStatus.Operational, Now), "255");
    }

    [Fact]
    public void A_component_cannot_join_a_group_that_does_not_exist_or_sit_at_a_negative_position()
    {
        AssertInvalid(ComponentRules.Add(Guid.NewGuid(), "API", null, Guid.NewGuid(), false, 0, ComponentStatus.Operational, Now), "Group");
        AssertInvalid(ComponentRules.Add(Guid.NewGuid(), "API", null, null, false, -1, ComponentStatus.Operational, Now), "position");
        AssertInvalid(ComponentRules.Change(Api(), new ComponentChanges(MoveToGroup: true, GroupId: Guid.NewGuid()), false, Now), "Group");
    }

    [Fact]
    public void A_patch_becomes_one_event_per_real_change()
    {
        var api = Api();
        var group = Guid.NewGuid();
        var outcome = ComponentRules.Change(api,
            new ComponentChanges("Public API", "REST", true, group, 2, ComponentStatus.MajorOutage), true, Now);
        Assert.Collection(outcome.Events,
            e => Assert.Equal(new ComponentRenamed(api.Id, "API", "Public API", Now), e),
            e => Assert.Equal(new ComponentDescribed(api.Id, null, "REST", Now), e),
            e => Assert.Equal(new ComponentMovedToGroup(api.Id, null, group, Now), e),
            e => Assert.Equal(new ComponentReordered(api.Id, 0, 2, Now), e),
            e => Assert.Equal(new ComponentStatusChanged(api.Id, ComponentStatus.Operational, ComponentStatus.MajorOutage, StatusSource.Operator, null, Now), e));
    }

    [Fact]
    public void Unchanged_values_produce_no_events_and_null_leaves_a_group()
    {
        var api = Api();
        Assert.Empty(ComponentRules.Change(api, new ComponentChanges("API", "", false, null, 0, ComponentStatus.Operational), false, Now).Events);
        api.Apply(new ComponentMovedToGroup(api.Id, null, Guid.NewGuid(), Now));
        var ungrouped = ComponentRules.Change(api, new ComponentChanges(MoveToGroup: true, GroupId: null), false, Now);
        Assert.Null(Assert.IsType<ComponentMovedToGroup>(Assert.Single(ungrouped.Events)).NewGroupId);
    }

    [Fact]
    public void A_removed_component_cannot_be_set_changed_or_removed_again()
    {
        var api = Api();
        var removed = Assert.IsType<ComponentRemoved>(Assert.Single(ComponentRules.Remove(api, Now).Events));
        api.Apply(removed);
        Assert.Equal(RejectionKind.NotFound, ComponentRules.Change(api, new ComponentChanges(Status: ComponentStatus.MajorOutage), false, Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, ComponentRules.Remove(api, Now).Rejection!.Kind);
    }

    [Fact]
    public void Groups_follow_the_same_naming_rules_and_keep_their_components()
    {
        AssertInvalid(ComponentGroupRules.Add(Guid.NewGuid(), "", null, 0, Now), "name");
        var group = ComponentGroup.Create(new ComponentGroupAdded(Guid.NewGuid(), "Platform", null, 0, Now));
        Assert.Equal(3, ComponentGroupRules.Change(group, "Core", "desc", 4, Now).Events.Count);
        Assert.Equal(RejectionKind.Conflict, ComponentGroupRules.Remove(group, 2, Now).Rejection!.Kind);
        group.Apply(Assert.IsType<ComponentGroupRemoved>(Assert.Single(ComponentGroupRules.Remove(group, 0, Now).Events)));
        Assert.Equal(RejectionKind.NotFound, ComponentGroupRules.Change(group, "X", null, null, Now).Rejection!.Kind);
    }

    [Fact]
    public void Reordering_gives_the_listed_components_positions_in_that_order_with_events_only_for_those_that_move()
    {
        Component At(int position) => new() { Id = Guid.NewGuid(), Name = "C" + position, Position = position };
        var (first, second, third) = (At(0), At(1), At(2));
        var moved = ComponentRules.Reorder([second.Id, first.Id, third.Id], [first, second, third], Now).Events.Cast<ComponentReordered>().ToList();
        Assert.Equal([(second.Id, 1, 0), (first.Id, 0, 1)], moved.Select(m => (m.ComponentId, m.OldPosition, m.NewPosition)));
        AssertInvalid(ComponentRules.Reorder([first.Id, first.Id], [first], Now), "'components'");
        AssertInvalid(ComponentRules.Reorder([first.Id, Guid.NewGuid()], [first], Now), "Unknown component");
    }

    internal static void AssertInvalid(Outcome outcome, string mentioned)
    {
        Assert.Empty(outcome.Events);
        Assert.Equal(RejectionKind.Invalid, outcome.Rejection!.Kind);
        Assert.Contains(mentioned, outcome.Rejection.Detail);
        Assert.True(outcome.Rejection.Field is not null, $"'{outcome.Rejection.Detail}' names no field.");
    }
}
