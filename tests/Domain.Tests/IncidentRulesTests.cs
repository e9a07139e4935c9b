using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class IncidentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly Component _api = Component.Create(new ComponentAdded(Guid.NewGuid(), "API", null, null, 0, ComponentStatus.Operational, Now));
    private readonly Component _db = Component.Create(new ComponentAdded(Guid.NewGuid(), "DB", null, null, 1, ComponentStatus.DegradedPerformance, Now));

    private Outcome Declare(Dictionary<Guid, ComponentStatus>? components = null, string? name = "Outage", string? message = "Looking",
        IncidentStatus status = IncidentStatus.Investigating) =>
        IncidentRules.Declare(Guid.NewGuid(), Guid.NewGuid(), name, IncidentImpact.Major, status, message,
            components ?? new Dictionary<Guid, ComponentStatus> { [_api.Id] = ComponentStatus.MajorOutage }, [_api, _db], true, Now);

    private Incident Declared(IncidentStatus status = IncidentStatus.Investigating) =>
        Incident.Create((IncidentDeclared)Declare(status: status).Events[0]);

    [Fact]
    public void Declaring_moves_the_named_components_and_records_their_old_status()
    {
        var outcome = Declare(new() { [_api.Id] = ComponentStatus.MajorOutage, [_db.Id] = ComponentStatus.DegradedPerformance });
        var declared = Assert.IsType<IncidentDeclared>(outcome.Events[0]);
        Assert.Equal(2, declared.Components.Count);
        Assert.Equal(new AffectedComponent(_api.Id, "API", ComponentStatus.Operational, ComponentStatus.MajorOutage), declared.Components[0]);
        var change = Assert.IsType<ComponentStatusChanged>(Assert.Single(outcome.Events.Skip(1)));
        Assert.Equal((_api.Id, StatusSource.Incident, declared.IncidentId), (change.ComponentId, change.Source, change.IncidentId));
    }

    [Fact]
    public void An_incident_cannot_affect_components_it_does_not_know_which_includes_another_organizations()
    {
        var foreign = Guid.NewGuid();
        var outcome = Declare(new() { [foreign] = ComponentStatus.MajorOutage });
        ComponentRulesTests.AssertInvalid(outcome, foreign.ToString());
    }

    [Fact]
    public void A_removed_component_cannot_be_affected()
    {
        _api.Apply(new ComponentRemoved(_api.Id, Now));
        ComponentRulesTests.AssertInvalid(Declare(), _api.Id.ToString());
    }

    [Fact]
    public void An_incident_needs_a_name_and_a_first_message()
    {
        ComponentRulesTests.AssertInvalid(Declare(name: ""), "name");
        ComponentRulesTests.AssertInvalid(Declare(name: new string('n', 256)), "255");
        ComponentRulesTests.AssertInvalid(Declare(message: " "), "message");
    }

    [Fact]
    public void Updates_carry_the_old_and_new_status_and_move_the_incident_and_its_components()
    {
        var incident = Declared();
        var update = IncidentRules.PostUpdate(incident, Guid.NewGuid(), IncidentStatus.Monitoring, "Fix deployed",
            new Dictionary<Guid, ComponentStatus> { [_api.Id] = ComponentStatus.DegradedPerformance }, [_api, _db], true, Now.AddMinutes(5));
        var posted = Assert.IsType<IncidentUpdatePosted>(update.Events[0]);
        Assert.Equal((IncidentStatus.Investigating, IncidentStatus.Monitoring), (posted.OldStatus, posted.Status));
        incident.Apply(posted);
        Assert.Equal(IncidentStatus.Monitoring, incident.Status);
        Assert.Equal(ComponentStatus.DegradedPerformance, incident.Components[_api.Id]);
    }

    [Fact]
    public void A_resolved_incident_takes_no_update_but_a_postmortem()
    {
        var incident = Declared(IncidentStatus.Resolved);
        var update = IncidentRules.PostUpdate(incident, Guid.NewGuid(), IncidentStatus.Investigating, "Back?", new Dictionary<Guid, ComponentStatus>(), [], true, Now);
        Assert.Equal(RejectionKind.Conflict, update.Rejection!.Kind);
        var postmortem = IncidentRules.PublishPostmortem(incident, "# Root cause", Now);
        Assert.Equal("# Root cause", Assert.IsType<IncidentPostmortemPublished>(Assert.Single(postmortem.Events)).Body);
    }

    [Fact]
    public void A_postmortem_needs_a_resolved_incident_and_a_body()
    {
        Assert.Equal(RejectionKind.Conflict, IncidentRules.PublishPostmortem(Declared(), "# Early", Now).Rejection!.Kind);
        ComponentRulesTests.AssertInvalid(IncidentRules.PublishPostmortem(Declared(IncidentStatus.Resolved), "", Now), "body");
    }

    [Fact]
    public void Impact_and_name_changes_record_old_and_new_values_and_nothing_when_unchanged()
    {
        var incident = Declared();
        var outcome = IncidentRules.Change(incident, "Partial outage", IncidentImpact.Critical, Now);
        Assert.Equal([new IncidentRenamed(incident.Id, "Outage", "Partial outage", Now), new IncidentImpactChanged(incident.Id, IncidentImpact.Major, IncidentImpact.Critical, Now)],
            outcome.Events);
        Assert.Empty(IncidentRules.Change(incident, "Outage", IncidentImpact.Major, Now).Events);
        ComponentRulesTests.AssertInvalid(IncidentRules.Change(incident, "", null, Now), "name");
    }

    [Fact]
    public void A_correction_records_both_wordings_even_once_resolved_and_nothing_when_unchanged()
    {
        var incident = Declared(IncidentStatus.Resolved);
        var update = Guid.NewGuid();
        Assert.Equal([new IncidentUpdateCorrected(incident.Id, update, "Teh disk", "The disk", Now)],
            IncidentRules.CorrectUpdate(incident, update, "Teh disk", "The disk", Now).Events);
        Assert.Empty(IncidentRules.CorrectUpdate(incident, update, "The disk", "The disk", Now).Events);
    }

    [Fact]
    public void Only_an_update_the_incident_has_is_corrected_and_never_to_nothing()
    {
        var incident = Declared();
        Assert.Equal(RejectionKind.NotFound, IncidentRules.CorrectUpdate(incident, Guid.NewGuid(), null, "The disk", Now).Rejection!.Kind);
        ComponentRulesTests.AssertInvalid(IncidentRules.CorrectUpdate(incident, Guid.NewGuid(), "Teh disk", " ", Now), "message");
    }
}
