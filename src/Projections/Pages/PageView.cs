using Marten;
using JasperFx.Events;
using Marten.Events.Projections;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Domain.Pages;
using StatusPage.Projections.Live;

namespace StatusPage.Projections.Pages;

public sealed record PageComponent(
    Guid Id, string Name, string? Description, Guid? GroupId, int Position, ComponentStatus Status, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record PageGroup(Guid Id, string Name, string? Description, int Position, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record PageIncident(Guid Id, string Name, IncidentImpact Impact, IncidentStatus Status, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

public sealed record PageMaintenance(
    Guid Id, string Name, MaintenanceStatus Status, DateTimeOffset ScheduledFor, DateTimeOffset ScheduledUntil,
    IReadOnlyList<Guid> ComponentIds, DateTimeOffset UpdatedAt);

/// <summary>
/// One organization's status page as readers see it now: components in their groups, open incidents, maintenance
/// windows upcoming or under way, and the overall indicator. One document per organization (its id), kept by the async daemon.
/// </summary>
public sealed class PageView
{
    public string Id { get; set; } = "";
    public Dictionary<Guid, PageComponent> Components { get; set; } = new();
    public Dictionary<Guid, PageGroup> Groups { get; set; } = new();
    public Dictionary<Guid, PageIncident> OpenIncidents { get; set; } = new();

    /// <summary>Scheduled (upcoming) and in-progress or verifying (active) windows; finished ones leave the page.</summary>
    public Dictionary<Guid, PageMaintenance> OpenMaintenances { get; set; } = new();
    public StatusIndicator Indicator { get; set; }
    public string Description { get; set; } = PageStatus.Describe(StatusIndicator.None);
    public DateTimeOffset UpdatedAt { get; set; }

    internal void Refresh(DateTimeOffset at)
    {
        Indicator = PageStatus.Indicator(Components.Values.Select(c => c.Status).ToList(), OpenIncidents.Values.Select(i => i.Impact));
        Description = PageStatus.Describe(Indicator);
        UpdatedAt = at;
    }

    internal void Component(Guid id, DateTimeOffset at, Func<PageComponent, PageComponent> change)
    {
        if (Components.TryGetValue(id, out var component)) Components[id] = change(component) with { UpdatedAt = at };
        Refresh(at);
    }

    internal void Group(Guid id, DateTimeOffset at, Func<PageGroup, PageGroup> change)
    {
        if (Groups.TryGetValue(id, out var group)) Groups[id] = change(group) with { UpdatedAt = at };
        Refresh(at);
    }

    internal void Incident(Guid id, DateTimeOffset at, Func<PageIncident, PageIncident> change)
    {
        if (OpenIncidents.TryGetValue(id, out var incident)) OpenIncidents[id] = change(incident) with { UpdatedAt = at };
        Refresh(at);
    }

    internal void Maintenance(Guid id, DateTimeOffset at, Func<PageMaintenance, PageMaintenance> change)
    {
        if (OpenMaintenances.TryGetValue(id, out var maintenance)) OpenMaintenances[id] = change(maintenance) with { UpdatedAt = at };
        Refresh(at);
    }

    internal void Close(Guid maintenanceId, DateTimeOffset at)
    {
        OpenMaintenances.Remove(maintenanceId);
        Refresh(at);
    }
}

public sealed partial class PageViewProjection : MultiStreamProjection<PageView, string>
{
    public PageViewProjection() => RollUpByTenant();

    public override ValueTask RaiseSideEffects(IDocumentOperations operations, string organizationId, IEventSlice<PageView> slice)
    {
        slice.PublishMessage(new PublicPageChanged(Guid.Parse(organizationId)));
        return ValueTask.CompletedTask;
    }

    public void Apply(IEvent<ComponentAdded> e, PageView view)
    {
        var added = e.Data;
        view.Id = e.TenantId;
        view.Components[added.ComponentId] = new PageComponent(added.ComponentId, added.Name, added.Description, added.GroupId,
            added.Position, added.Status, added.At, added.At);
        view.Refresh(added.At);
    }

    public void Apply(ComponentRenamed e, PageView view) => view.Component(e.ComponentId, e.At, c => c with { Name = e.NewName });

    public void Apply(ComponentDescribed e, PageView view) => view.Component(e.ComponentId, e.At, c => c with { Description = e.NewDescription });

    public void Apply(ComponentMovedToGroup e, PageView view) => view.Component(e.ComponentId, e.At, c => c with { GroupId = e.NewGroupId });

    public void Apply(ComponentReordered e, PageView view) => view.Component(e.ComponentId, e.At, c => c with { Position = e.NewPosition });

    public void Apply(ComponentStatusChanged e, PageView view) => view.Component(e.ComponentId, e.At, c => c with { Status = e.NewStatus });

    public void Apply(ComponentRemoved e, PageView view)
    {
        view.Components.Remove(e.ComponentId);
        view.Refresh(e.At);
    }

    public void Apply(IEvent<ComponentGroupAdded> e, PageView view)
    {
        var added = e.Data;
        view.Id = e.TenantId;
        view.Groups[added.GroupId] = new PageGroup(added.GroupId, added.Name, added.Description, added.Position, added.At, added.At);
        view.Refresh(added.At);
    }

    public void Apply(ComponentGroupRenamed e, PageView view) => view.Group(e.GroupId, e.At, g => g with { Name = e.NewName });

    public void Apply(ComponentGroupDescribed e, PageView view) => view.Group(e.GroupId, e.At, g => g with { Description = e.NewDescription });

    public void Apply(ComponentGroupReordered e, PageView view) => view.Group(e.GroupId, e.At, g => g with { Position = e.NewPosition });

    public void Apply(ComponentGroupRemoved e, PageView view)
    {
        view.Groups.Remove(e.GroupId);
        view.Refresh(e.At);
    }

    public void Apply(IEvent<IncidentDeclared> e, PageView view)
    {
        var declared = e.Data;
        view.Id = e.TenantId;
        if (declared.Status != IncidentStatus.Resolved)
            view.OpenIncidents[declared.IncidentId] = new PageIncident(declared.IncidentId, declared.Name, declared.Impact, declared.Status,
                declared.At, declared.At);
        view.Refresh(declared.At);
    }

    public void Apply(IncidentUpdatePosted e, PageView view)
    {
        if (e.Status == IncidentStatus.Resolved)
        {
            view.OpenIncidents.Remove(e.IncidentId);
            view.Refresh(e.At);
            return;
        }

        view.Incident(e.IncidentId, e.At, i => i with { Status = e.Status });
    }

    public void Apply(IncidentImpactChanged e, PageView view) => view.Incident(e.IncidentId, e.At, i => i with { Impact = e.NewImpact });

    public void Apply(IncidentRenamed e, PageView view) => view.Incident(e.IncidentId, e.At, i => i with { Name = e.NewName });

    public void Apply(IEvent<MaintenanceScheduled> e, PageView view)
    {
        var scheduled = e.Data;
        view.Id = e.TenantId;
        view.OpenMaintenances[scheduled.MaintenanceId] = new PageMaintenance(scheduled.MaintenanceId, scheduled.Name, MaintenanceStatus.Scheduled,
            scheduled.ScheduledFor, scheduled.ScheduledUntil, scheduled.Components.Select(c => c.ComponentId).ToList(), scheduled.At);
        view.Refresh(scheduled.At);
    }

    public void Apply(MaintenanceRescheduled e, PageView view) =>
        view.Maintenance(e.MaintenanceId, e.At, m => m with { ScheduledFor = e.ScheduledFor, ScheduledUntil = e.ScheduledUntil });

    public void Apply(MaintenanceRenamed e, PageView view) => view.Maintenance(e.MaintenanceId, e.At, m => m with { Name = e.NewName });

    public void Apply(MaintenanceUpdatePosted e, PageView view)
    {
        if (e.Status == MaintenanceStatus.Completed) view.Close(e.MaintenanceId, e.At);
        else view.Maintenance(e.MaintenanceId, e.At, m => m with { Status = e.Status });
    }

    public void Apply(MaintenanceCancelled e, PageView view) => view.Close(e.MaintenanceId, e.At);
}
