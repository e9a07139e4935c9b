using StatusPage.Domain.Components;

namespace StatusPage.Application.Components;

/// <summary>
/// Merge-patch of a component: rename, describe, move to a group (null leaves every group), reorder, set status, or
/// hand its status to its monitors (<c>monitorControl: true</c>) or take it back (<c>false</c>).
/// </summary>
public sealed record ChangeComponent(
    string? Name, string? Description, Optional<Guid?> GroupId, int? Position, ComponentStatus? Status, long? ExpectedVersion,
    bool? MonitorControl = null);

public static class ChangeComponentEndpoint
{
    public static Task<GroupLookup> LoadAsync(ChangeComponent command, IQuerySession session, CancellationToken token) =>
        GroupLookup.For(command.GroupId.Value, session, token);

    [Authorize(Policy = Policies.Write)]
    [WolverinePatch("/api/orgs/{org}/components/{id}", OperationId = "changeComponent")]
    public static (IResult, Events) Patch(
        ChangeComponent command, [WriteAggregate("id")] Component component, GroupLookup group, HttpContext http, TimeProvider clock)
    {
        var changes = new ComponentChanges(command.Name, command.Description, command.GroupId.IsSet, command.GroupId.Value,
            command.Position, command.Status, command.MonitorControl);
        return Decisions.Respond(http, ComponentRules.Change(component, changes, group.Exists, clock.GetUtcNow()),
            component.Id, component.Version);
    }
}
