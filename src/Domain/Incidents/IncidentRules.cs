using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Incidents;

/// <summary>
/// An incident moves the components it names to the status the operator chose; those moves are
/// <see cref="ComponentStatusChanged"/> events for the components' own streams, decided here together with the
/// incident's event so that both are appended in one transaction.
/// </summary>
public static class IncidentRules
{
    public static Outcome Declare(
        Guid incidentId, Guid updateId, string? name, IncidentImpact impact, IncidentStatus status, string? message,
        IReadOnlyDictionary<Guid, ComponentStatus> requested, IReadOnlyCollection<Component> known, bool notify,
        DateTimeOffset now)
    {
        var rejection = Text.FirstOf(Text.Name(name), Text.Required(message, "message", Text.MaxMessageLength));
        if (rejection is not null) return new Outcome([], rejection);

        return Affect(incidentId, requested, known, now, affected =>
            new IncidentDeclared(incidentId, name!.Trim(), impact, status, updateId, message!, affected, notify, now));
    }

    public static Outcome PostUpdate(
        Incident incident, Guid updateId, IncidentStatus status, string? message,
        IReadOnlyDictionary<Guid, ComponentStatus> requested, IReadOnlyCollection<Component> known, bool notify,
        DateTimeOffset now)
    {
        if (incident.Status == IncidentStatus.Resolved)
            return Outcome.Conflict("The incident is resolved; it takes no more updates, only a postmortem.");
        var rejection = Text.Required(message, "message", Text.MaxMessageLength);
        if (rejection is not null) return new Outcome([], rejection);

        return Affect(incident.Id, requested, known, now, affected =>
            new IncidentUpdatePosted(incident.Id, updateId, incident.Status, status, message!, affected, notify, now));
    }

    public static Outcome Change(Incident incident, string? name, IncidentImpact? impact, DateTimeOffset now)
    {
        var rejection = name is null ? null : Text.Name(name);
        if (rejection is not null) return new Outcome([], rejection);

        var events = new List<object>();
        if (name is not null && name.Trim() != incident.Name)
            events.Add(new IncidentRenamed(incident.Id, incident.Name, name.Trim(), now));
        if (impact is { } newImpact && newImpact != incident.Impact)
            events.Add(new IncidentImpactChanged(incident.Id, incident.Impact, newImpact, now));
        return Outcome.Accept(events);
    }

    public static Outcome PublishPostmortem(Incident incident, string? body, DateTimeOffset now) =>
        incident.Status != IncidentStatus.Resolved
            ? Outcome.Conflict("A postmortem can only be published once the incident is resolved.")
            : Outcome.From(Text.Required(body, "body", Text.MaxMessageLength),
                () => Outcome.Accept(new IncidentPostmortemPublished(incident.Id, body!, now)));

    /// <param name="said">What the update says now, or null when the incident has no such update.</param>
    public static Outcome CorrectUpdate(Incident incident, Guid updateId, string? said, string? message, DateTimeOffset now)
    {
        if (said is null) return Outcome.NotFound($"Incident {incident.Id} has no update {updateId}.");
        return Outcome.From(Text.Required(message, "message", Text.MaxMessageLength), () =>
            message == said ? Outcome.Accept() : Outcome.Accept(new IncidentUpdateCorrected(incident.Id, updateId, said, message!, now)));
    }

    private static Outcome Affect(
        Guid incidentId, IReadOnlyDictionary<Guid, ComponentStatus> requested, IReadOnlyCollection<Component> known,
        DateTimeOffset now, Func<IReadOnlyList<AffectedComponent>, object> incidentEvent)
    {
        var components = known.Where(c => !c.Removed).ToDictionary(c => c.Id);
        var unknown = requested.Keys.Where(id => !components.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
            return Outcome.Invalid("components", $"Unknown component(s): {string.Join(", ", unknown)}.");

        var affected = requested
            .Select(r => new AffectedComponent(r.Key, components[r.Key].Name, components[r.Key].Status, r.Value))
            .ToList();
        var statusChanges = affected
            .Where(a => a.OldStatus != a.NewStatus)
            .Select(a => new ComponentStatusChanged(a.ComponentId, a.OldStatus, a.NewStatus, StatusSource.Incident, incidentId, now));
        return Outcome.Accept(statusChanges.Prepend(incidentEvent(affected)));
    }
}
