using System.Text.RegularExpressions;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Alerts;

/// <summary>A source as an operator asks for it; null fields of a change leave the source as it is.</summary>
public sealed record AlertSourceRequest(
    string? Name, AlertSourceKind? Kind, string? ComponentLabel, IReadOnlyDictionary<string, ComponentStatus>? Severities,
    bool? OpenIncidents, bool? AutoResolve);

/// <summary>One alert of a notification, whatever the sender's shape.</summary>
/// <param name="Component">What the component label (or the generic shape's field) says: a component's name or id.</param>
public sealed record ReceivedAlert(
    string Fingerprint, bool Firing, string? Component, string? Severity, string Title, string? Description,
    IReadOnlyDictionary<string, string> Labels);

/// <summary>What a monitoring system sent in one request: a group of alerts, each firing or resolved.</summary>
public sealed record AlertNotification(string GroupKey, IReadOnlyList<ReceivedAlert> Alerts);

/// <summary>An event for an incident's stream: <see cref="Opens"/> when it starts the stream.</summary>
public sealed record IncidentStep(Guid IncidentId, object Event, bool Opens);

/// <summary>
/// What a notification does: the events for the source's own stream, the components' and the incidents', and for the
/// source's log a line for each thing it changed and each alert that could change nothing (no such component, a
/// severity not mapped, a component an operator holds).
/// </summary>
public sealed record AlertEffects(
    IReadOnlyList<object> SourceEvents, IReadOnlyList<ComponentStatusChanged> ComponentChanges, IReadOnlyList<IncidentStep> Incidents,
    IReadOnlyList<string> Log)
{
    public bool Changed => SourceEvents.Count + ComponentChanges.Count + Incidents.Count > 0;
}

public static partial class AlertRules
{
    public const string Hidden = "(hidden)";
    public const string DefaultComponentLabel = "component";
    public const int MaxSeverities = 20;
    public const int MaxAlertsPerNotification = 1_000;

    public static readonly IReadOnlyDictionary<string, ComponentStatus> DefaultSeverities = new Dictionary<string, ComponentStatus>
    {
        ["critical"] = ComponentStatus.MajorOutage,
        ["warning"] = ComponentStatus.PartialOutage,
        ["info"] = ComponentStatus.DegradedPerformance
    };

    private static readonly ComponentStatus[] AlertStatuses =
        [ComponentStatus.DegradedPerformance, ComponentStatus.PartialOutage, ComponentStatus.MajorOutage];

    public static Outcome Create(Guid sourceId, Guid organizationId, AlertSourceRequest request, string protectedToken, DateTimeOffset now)
    {
        var (settings, rejection) = Settings(request, null);
        return rejection is not null
            ? new Outcome([], rejection)
            : Outcome.Accept(new AlertSourceCreated(sourceId, organizationId, settings!, protectedToken, now));
    }

    public static Outcome Change(AlertSource source, AlertSourceRequest request, DateTimeOffset now)
    {
        if (source.Removed) return Gone(source);
        var (settings, rejection) = Settings(request with { Kind = request.Kind ?? source.Kind }, source.Settings);
        if (rejection is not null) return new Outcome([], rejection);
        return Same(settings!, source.Settings) ? Outcome.Accept() : Outcome.Accept(new AlertSourceChanged(source.Id, source.Settings, settings!, now));
    }

    public static Outcome RotateToken(AlertSource source, string protectedToken, DateTimeOffset now) =>
        source.Removed ? Gone(source) : Outcome.Accept(new AlertSourceTokenRotated(source.Id, protectedToken, now));

    public static Outcome Remove(AlertSource source, DateTimeOffset now) =>
        source.Removed ? Gone(source) : Outcome.Accept(new AlertSourceRemoved(source.Id, now));

    private static Outcome Gone(AlertSource source) => Outcome.NotFound($"Alert source {source.Id} has been removed.");

    private static bool Same(AlertSourceSettings a, AlertSourceSettings b) =>
        a with { Severities = b.Severities } == b && a.Severities.Count == b.Severities.Count &&
        a.Severities.All(s => b.Severities.TryGetValue(s.Key, out var status) && status == s.Value);

    private static (AlertSourceSettings?, Rejection?) Settings(AlertSourceRequest request, AlertSourceSettings? current)
    {
        var label = request.ComponentLabel ?? current?.ComponentLabel ?? DefaultComponentLabel;
        var severities = request.Severities ?? current?.Severities ?? DefaultSeverities;
        var rejection = Text.FirstOf(
            request.Name is null && current is not null ? null : Text.Name(request.Name),
            request.Kind is null ? Rejection.Invalid("kind", "'kind' is required: alertmanager, grafana or generic.") : null,
            LabelName().IsMatch(label) ? null : Rejection.Invalid("componentLabel", "'componentLabel' must be a label name: letters, digits and underscores, not starting with a digit, at most 100."),
            severities.Count is 0 or > MaxSeverities
                ? Rejection.Invalid("severities", $"'severities' must map from 1 to {MaxSeverities} severity values to statuses.")
                : null,
            severities.Keys.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 100)
                ? Rejection.Invalid("severities", "Each severity value in 'severities' must be 1 to 100 characters.")
                : null,
            severities.Values.All(AlertStatuses.Contains)
                ? null
                : Rejection.Invalid("severities", "'severities' maps to degraded_performance, partial_outage or major_outage."),
            severities.Keys.GroupBy(k => k.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1)
                ? Rejection.Invalid("severities", "'severities' names a severity value twice (they are compared ignoring case).")
                : null);
        if (rejection is not null) return (null, rejection);
        return (new AlertSourceSettings(
            request.Name?.Trim() ?? current!.Name, request.Kind!.Value, label,
            severities.ToDictionary(s => s.Key.Trim().ToLowerInvariant(), s => s.Value),
            request.OpenIncidents ?? current?.OpenIncidents ?? false, request.AutoResolve ?? current?.AutoResolve ?? true), null);
    }

    /// <summary>
    /// What one notification changes. Alerts already known in the same state (Alertmanager resends the whole group
    /// every repeat interval) change nothing. A component takes the worst status among the alerts firing on it, this
    /// source's and the organization's other sources', and goes back to operational when the last clears, unless an
    /// operator holds it or a maintenance is under way.
    /// With <see cref="AlertSource.OpenIncidents"/>, a group's first firing alerts open an incident, later ones
    /// update it, and once all have cleared it is resolved (or told so and left to an operator).
    /// </summary>
    /// <param name="components">The organization's components, to find the ones alerts name.</param>
    /// <param name="incidents">The incidents the source's groups opened that are still open.</param>
    /// <param name="otherSources">The organization's other sources, whose firing alerts also hold their components.</param>
    public static AlertEffects Receive(
        AlertSource source, AlertNotification notification, IReadOnlyCollection<Component> components,
        IReadOnlyDictionary<Guid, Incident> incidents, IReadOnlyCollection<AlertSource> otherSources, Func<Guid> newId, DateTimeOffset now)
    {
        var live = components.Where(c => !c.Removed).ToList();
        var byId = live.ToDictionary(c => c.Id);
        var byName = live.GroupBy(c => c.Name.Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var notes = new List<string>();
        var sourceEvents = new List<object>();
        var firing = new Dictionary<string, FiringAlert>(source.Firing);
        var deciding = new Dictionary<Guid, (string Fingerprint, IReadOnlyDictionary<string, string> Labels)>();
        var groupKey = notification.GroupKey;

        foreach (var alert in notification.Alerts.GroupBy(a => a.Fingerprint).Select(g => g.Last()))
        {
            var known = firing.GetValueOrDefault(alert.Fingerprint);
            if (!alert.Firing)
            {
                if (known is null) continue;
                sourceEvents.Add(new AlertResolved(source.Id, known.GroupKey, alert.Fingerprint, known.ComponentId, now));
                firing.Remove(alert.Fingerprint);
                deciding[known.ComponentId] = (alert.Fingerprint, alert.Labels);
                continue;
            }

            var component = Find(alert.Component, byId, byName);
            if (component is null)
            {
                notes.Add(alert.Component is null
                    ? $"'{alert.Title}' names no component (no '{source.ComponentLabel}' label)."
                    : $"'{alert.Title}' names '{alert.Component}', which is no component of this page.");
                continue;
            }

            if (alert.Severity is not { } severity || !source.Severities.TryGetValue(severity.Trim().ToLowerInvariant(), out var status))
            {
                notes.Add($"'{alert.Title}' has severity '{alert.Severity}', which 'severities' does not map to a status.");
                continue;
            }

            var state = new FiringAlert(known?.GroupKey ?? groupKey, component.Id, status, alert.Title);
            if (state == known) continue;
            sourceEvents.Add(new AlertFired(source.Id, state.GroupKey, alert.Fingerprint, component.Id, status, alert.Title, alert.Labels, now));
            firing[alert.Fingerprint] = state;
            if (known is not null && known.ComponentId != component.Id) deciding.TryAdd(known.ComponentId, (alert.Fingerprint, alert.Labels));
            deciding[component.Id] = (alert.Fingerprint, alert.Labels);
        }

        var elsewhere = otherSources.Where(o => o.Id != source.Id && !o.Removed).SelectMany(o => o.Firing.Values).ToList();
        var targets = deciding.Keys.Where(byId.ContainsKey)
            .ToDictionary(id => id, id => Worst(firing.Values.Concat(elsewhere).Where(f => f.ComponentId == id)));
        var changes = new List<ComponentStatusChanged>();
        foreach (var (id, target) in targets)
        {
            var component = byId[id];
            if (component.Status == target) continue;
            if (component.HeldByOperator)
                notes.Add($"{component.Name} stays {StatusWords.Wire(component.Status)}: an operator set it, and has not handed it back.");
            else if (component.Status == ComponentStatus.UnderMaintenance)
                notes.Add($"{component.Name} stays under_maintenance until its maintenance ends.");
            else
                changes.Add(new ComponentStatusChanged(id, component.Status, target, StatusSource.Alert, null, now, null,
                    new AlertEvidence(source.Id, source.Name, deciding[id].Fingerprint, deciding[id].Labels)));
        }

        var steps = source.OpenIncidents ? Incidents(source, sourceEvents, firing, byId, changes, incidents, newId, now) : [];
        var linked = changes.Select(c => steps.FirstOrDefault(s => Touches(s.Event, c.ComponentId)) is { } step ? c with { IncidentId = step.IncidentId } : c).ToList();
        notes.AddRange(linked.Select(c => $"{byId[c.ComponentId].Name}: {StatusWords.Wire(c.OldStatus)} → {StatusWords.Wire(c.NewStatus)}."));
        notes.AddRange(steps.Select(s => s.Event switch
        {
            IncidentDeclared d => $"Opened incident {d.IncidentId}: '{d.Name}'.",
            IncidentUpdatePosted { Status: IncidentStatus.Resolved } u => $"Resolved incident {u.IncidentId}.",
            IncidentImpactChanged i => $"Raised the impact of incident {i.IncidentId} to {StatusWords.Wire(i.NewImpact)}.",
            _ => $"Updated incident {s.IncidentId}."
        }));
        if (notes.Count == 0) notes.Add(sourceEvents.Count == 0 ? "Nothing new: every alert was already known in this state." : "Recorded the alerts; their components already showed them.");
        return new AlertEffects(sourceEvents, linked, steps, notes);

        static bool Touches(object e, Guid componentId) => e switch
        {
            IncidentDeclared d => d.Components.Any(c => c.ComponentId == componentId),
            IncidentUpdatePosted u => u.Components.Any(c => c.ComponentId == componentId),
            _ => false
        };
    }

    /// <summary>The incidents' events; what the source must remember of them (which incident a group opened) joins its own events.</summary>
    private static List<IncidentStep> Incidents(
        AlertSource source, List<object> sourceEvents, Dictionary<string, FiringAlert> firing, Dictionary<Guid, Component> byId,
        List<ComponentStatusChanged> changes, IReadOnlyDictionary<Guid, Incident> incidents, Func<Guid> newId, DateTimeOffset now)
    {
        var steps = new List<IncidentStep>();
        var groups = sourceEvents.Select(e => e switch { AlertFired f => f.GroupKey, AlertResolved r => r.GroupKey, _ => null }).OfType<string>().Distinct().ToList();
        foreach (var group in groups)
        {
            var fired = sourceEvents.OfType<AlertFired>().Where(f => f.GroupKey == group).ToList();
            var resolved = sourceEvents.OfType<AlertResolved>().Where(r => r.GroupKey == group).ToList();
            var stillFiring = firing.Values.Where(f => f.GroupKey == group).ToList();
            var open = source.Incidents.TryGetValue(group, out var openId) ? incidents.GetValueOrDefault(openId) : null;
            if (open is { Status: IncidentStatus.Resolved }) open = null;
            var affected = fired.Select(f => f.ComponentId).Concat(resolved.Select(r => r.ComponentId)).Distinct()
                .Where(byId.ContainsKey).Select(id => Affected(byId[id], changes)).ToList();

            if (fired.Count > 0 && open is null)
            {
                var id = newId();
                var worst = Worst(stillFiring);
                var first = fired[0];
                var message = Trim($"{source.Name} reports: {Titles(fired)}.", Text.MaxMessageLength);
                steps.Add(new IncidentStep(id, new IncidentDeclared(id, Trim(first.Title, Text.MaxNameLength), Impact(worst),
                    IncidentStatus.Investigating, newId(), message, affected, true, now), true));
                sourceEvents.Add(new AlertIncidentOpened(source.Id, group, id, now));
            }
            else if (fired.Count > 0 && open is not null)
            {
                steps.Add(new IncidentStep(open.Id, new IncidentUpdatePosted(open.Id, newId(), open.Status, open.Status,
                    Trim($"{source.Name} reports also: {Titles(fired)}.", Text.MaxMessageLength), affected, true, now), false));
                if (Impact(Worst(stillFiring)) > open.Impact)
                    steps.Add(new IncidentStep(open.Id, new IncidentImpactChanged(open.Id, open.Impact, Impact(Worst(stillFiring)), now), false));
            }
            else if (resolved.Count > 0 && stillFiring.Count == 0 && open is not null)
            {
                var status = source.AutoResolve ? IncidentStatus.Resolved : open.Status;
                var message = source.AutoResolve
                    ? $"{source.Name} reports every alert cleared."
                    : $"{source.Name} reports every alert cleared; this incident stays open until an operator resolves it.";
                steps.Add(new IncidentStep(open.Id, new IncidentUpdatePosted(open.Id, newId(), open.Status, status, message, affected, true, now), false));
                if (source.AutoResolve) sourceEvents.Add(new AlertIncidentClosed(source.Id, group, open.Id, now));
            }
        }

        return steps;
    }

    private static AffectedComponent Affected(Component component, List<ComponentStatusChanged> changes) =>
        changes.FirstOrDefault(c => c.ComponentId == component.Id) is { } change
            ? new AffectedComponent(component.Id, component.Name, change.OldStatus, change.NewStatus)
            : new AffectedComponent(component.Id, component.Name, component.Status, component.Status);

    private static Component? Find(string? reference, Dictionary<Guid, Component> byId, Dictionary<string, Component> byName) =>
        reference is null ? null
        : Guid.TryParse(reference, out var id) && byId.TryGetValue(id, out var byItsId) ? byItsId
        : byName.GetValueOrDefault(reference.Trim());

    private static ComponentStatus Worst(IEnumerable<FiringAlert> alerts) =>
        alerts.Select(a => a.Status).DefaultIfEmpty(ComponentStatus.Operational).MaxBy(Uptime.Severity);

    /// <summary>Statuspage's reading of impact: a major outage is critical, a partial one major, slowness minor.</summary>
    public static IncidentImpact Impact(ComponentStatus worst) => worst switch
    {
        ComponentStatus.MajorOutage => IncidentImpact.Critical,
        ComponentStatus.PartialOutage => IncidentImpact.Major,
        ComponentStatus.DegradedPerformance => IncidentImpact.Minor,
        _ => IncidentImpact.None
    };

    private static string Titles(IEnumerable<AlertFired> fired) => string.Join("; ", fired.Select(f => f.Title).Distinct());

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex LabelName();
}
