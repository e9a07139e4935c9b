using StatusPage.Domain.Alerts;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static AlertSource Source(bool openIncidents = false, bool autoResolve = true)
    {
        var created = (AlertSourceCreated)AlertRules.Create(Guid.NewGuid(), Guid.NewGuid(),
            new AlertSourceRequest("Prometheus", AlertSourceKind.Alertmanager, null, null, openIncidents, autoResolve), "protected", Now).Events[0];
        return AlertSource.Create(created);
    }

    private static Component Component(string name, ComponentStatus status = ComponentStatus.Operational) =>
        Components.Component.Create(new ComponentAdded(Guid.NewGuid(), name, null, null, 0, status, Now));

    private static ReceivedAlert Alert(string fingerprint, string? component, string? severity = "critical", bool firing = true) =>
        new(fingerprint, firing, component, severity, $"{component} is down", null,
            new Dictionary<string, string> { ["alertname"] = "Down", ["component"] = component ?? "" });

    /// <summary>Applies what the notification decided, as Marten would fold it into the snapshots.</summary>
    private static AlertEffects Receive(AlertSource source, List<Component> components, Dictionary<Guid, Incident> incidents, params ReceivedAlert[] alerts) =>
        Receive(source, [], components, incidents, alerts);

    private static AlertEffects Receive(
        AlertSource source, AlertSource[] others, List<Component> components, Dictionary<Guid, Incident> incidents, params ReceivedAlert[] alerts)
    {
        var effects = AlertRules.Receive(source, new AlertNotification("{}:{alertname=\"Down\"}", alerts), components, incidents, others, Guid.NewGuid, Now);
        foreach (var e in effects.SourceEvents) ((dynamic)source).Apply((dynamic)e);
        foreach (var change in effects.ComponentChanges) components.Single(c => c.Id == change.ComponentId).Apply(change);
        foreach (var step in effects.Incidents)
        {
            if (step.Event is IncidentDeclared declared) incidents[step.IncidentId] = Incident.Create(declared);
            else ((dynamic)incidents[step.IncidentId]).Apply((dynamic)step.Event);
        }

        return effects;
    }

    [Fact]
    public void A_firing_alert_sets_its_component_with_the_alert_as_evidence_and_a_repeat_changes_nothing()
    {
        var source = Source();
        var api = Component("API");
        var components = new List<Component> { api, Component("Web") };

        var fired = Receive(source, components, [], Alert("f1", "api"));
        var change = Assert.Single(fired.ComponentChanges);
        Assert.Equal((api.Id, ComponentStatus.Operational, ComponentStatus.MajorOutage, StatusSource.Alert), (change.ComponentId, change.OldStatus, change.NewStatus, change.Source));
        Assert.Equal((source.Id, "Prometheus", "f1", "Down"), (change.Alert!.SourceId, change.Alert.SourceName, change.Alert.Fingerprint, change.Alert.Labels["alertname"]));
        Assert.Equal(["API: operational → major_outage."], fired.Log);

        var repeat = Receive(source, components, [], Alert("f1", "api"));
        Assert.False(repeat.Changed);
        Assert.Equal(["Nothing new: every alert was already known in this state."], repeat.Log);
    }

    [Fact]
    public void The_worst_firing_alert_stands_and_the_component_returns_to_operational_only_when_the_last_clears()
    {
        var source = Source();
        var api = Component("API");
        var components = new List<Component> { api };

        Receive(source, components, [], Alert("warn", "API", "warning"), Alert("crit", api.Id.ToString(), "critical"));
        Assert.Equal(ComponentStatus.MajorOutage, api.Status);
        Receive(source, components, [], Alert("crit", "API", firing: false));
        Assert.Equal(ComponentStatus.PartialOutage, api.Status);
        var cleared = Receive(source, components, [], Alert("warn", "API", firing: false));
        Assert.Equal(ComponentStatus.Operational, api.Status);
        Assert.Empty(source.Firing);
        Assert.False(Receive(source, components, [], Alert("warn", "API", firing: false)).Changed);
        Assert.Equal("warn", cleared.ComponentChanges[0].Alert!.Fingerprint);
    }

    [Fact]
    public void Another_sources_firing_alert_keeps_the_component_down_when_this_sources_clear()
    {
        var (grafana, prometheus) = (Source(), Source());
        var api = Component("API");
        var components = new List<Component> { api };

        Receive(grafana, [prometheus], components, [], Alert("g", "API", "warning"));
        Receive(prometheus, [grafana], components, [], Alert("p", "API"));
        Assert.Equal(ComponentStatus.MajorOutage, api.Status);
        Receive(prometheus, [grafana], components, [], Alert("p", "API", firing: false));
        Assert.Equal(ComponentStatus.PartialOutage, api.Status);
    }

    [Fact]
    public void Alerts_naming_no_component_or_an_unmapped_severity_are_logged_and_change_nothing()
    {
        var source = Source();
        var components = new List<Component> { Component("API") };

        var effects = Receive(source, components, [], Alert("a", "Billing"), Alert("b", null), Alert("c", "API", "page"));
        Assert.False(effects.Changed);
        Assert.Equal([
            "'Billing is down' names 'Billing', which is no component of this page.",
            "' is down' names no component (no 'component' label).",
            "'API is down' has severity 'page', which 'severities' does not map to a status."
        ], effects.Log);
    }

    [Fact]
    public void An_operator_status_holds_the_component_until_handed_back_and_a_maintenance_until_it_ends()
    {
        var source = Source();
        var api = Component("API");
        var db = Component("DB", ComponentStatus.UnderMaintenance);
        var components = new List<Component> { api, db };
        api.Apply(new ComponentStatusChanged(api.Id, ComponentStatus.Operational, ComponentStatus.DegradedPerformance, StatusSource.Operator, null, Now));

        var held = Receive(source, components, [], Alert("a", "API"), Alert("d", "DB"));
        Assert.Empty(held.ComponentChanges);
        Assert.Contains("API stays degraded_performance: an operator set it, and has not handed it back.", held.Log);
        Assert.Contains("DB stays under_maintenance until its maintenance ends.", held.Log);

        api.Apply(new ComponentMonitorControlChanged(api.Id, true, Now));
        Receive(source, components, [], Alert("a", "API", "warning"));
        Assert.Equal(ComponentStatus.PartialOutage, api.Status);
    }

    [Fact]
    public void A_group_opens_one_incident_further_alerts_update_it_and_it_resolves_when_all_clear()
    {
        var source = Source(openIncidents: true);
        var api = Component("API");
        var web = Component("Web");
        var components = new List<Component> { api, web };
        var incidents = new Dictionary<Guid, Incident>();

        var opened = Receive(source, components, incidents, Alert("a", "API", "warning"));
        var declared = Assert.IsType<IncidentDeclared>(Assert.Single(opened.Incidents).Event);
        Assert.Equal(("API is down", IncidentImpact.Major, IncidentStatus.Investigating), (declared.Name, declared.Impact, declared.Status));
        Assert.Equal(declared.IncidentId, opened.ComponentChanges[0].IncidentId);
        Assert.Equal(StatusSource.Alert, opened.ComponentChanges[0].Source);

        var more = Receive(source, components, incidents, Alert("a", "API", "warning"), Alert("b", "Web"));
        Assert.Equal([typeof(IncidentUpdatePosted), typeof(IncidentImpactChanged)], more.Incidents.Select(s => s.Event.GetType()));
        Assert.All(more.Incidents, s => Assert.Equal(declared.IncidentId, s.IncidentId));
        Assert.Single(incidents);

        Receive(source, components, incidents, Alert("a", "API", firing: false));
        Assert.Equal(IncidentStatus.Investigating, incidents[declared.IncidentId].Status);
        var resolved = Receive(source, components, incidents, Alert("b", "Web", firing: false));
        Assert.Equal(IncidentStatus.Resolved, Assert.IsType<IncidentUpdatePosted>(Assert.Single(resolved.Incidents).Event).Status);
        Assert.Equal([ComponentStatus.Operational, ComponentStatus.Operational], components.Select(c => c.Status));
        Assert.Empty(source.Incidents);

        var again = Receive(source, components, incidents, Alert("a", "API"));
        Assert.NotEqual(declared.IncidentId, Assert.IsType<IncidentDeclared>(Assert.Single(again.Incidents).Event).IncidentId);
    }

    [Fact]
    public void Without_auto_resolve_the_incident_is_told_the_alerts_cleared_and_left_open()
    {
        var source = Source(openIncidents: true, autoResolve: false);
        var components = new List<Component> { Component("API") };
        var incidents = new Dictionary<Guid, Incident>();
        Receive(source, components, incidents, Alert("a", "API"));

        var cleared = Receive(source, components, incidents, Alert("a", "API", firing: false));
        var update = Assert.IsType<IncidentUpdatePosted>(Assert.Single(cleared.Incidents).Event);
        Assert.Equal(IncidentStatus.Investigating, update.Status);
        Assert.Contains("stays open until an operator resolves it", update.Message);
        Assert.Equal(ComponentStatus.Operational, components[0].Status);
    }

    [Theory]
    [InlineData(null, "kind")]
    [InlineData("9label", "componentLabel")]
    public void Settings_are_checked(string? label, string field)
    {
        var request = new AlertSourceRequest("Prometheus", field == "kind" ? null : AlertSourceKind.Grafana, label, null, null, null);
        Assert.Equal(field, AlertRules.Create(Guid.NewGuid(), Guid.NewGuid(), request, "p", Now).Rejection!.Field);
    }

    [Fact]
    public void Severities_map_only_to_outage_statuses_and_name_each_value_once()
    {
        static Rejection? With(Dictionary<string, ComponentStatus> severities) => AlertRules.Create(Guid.NewGuid(), Guid.NewGuid(),
            new AlertSourceRequest("P", AlertSourceKind.Generic, null, severities, null, null), "p", Now).Rejection;
        Assert.Equal("severities", With(new() { ["critical"] = ComponentStatus.Operational })!.Field);
        Assert.Equal("severities", With(new() { ["High"] = ComponentStatus.MajorOutage, ["high"] = ComponentStatus.PartialOutage })!.Field);
        Assert.Equal("severities", With([])!.Field);
        Assert.Null(With(new() { ["P1"] = ComponentStatus.MajorOutage }));
    }
}
