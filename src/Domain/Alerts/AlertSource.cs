using StatusPage.Domain.Components;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Alerts;

/// <summary>What sends the notifications: which payload the source's URL expects.</summary>
public enum AlertSourceKind
{
    Alertmanager,
    Grafana,
    Generic
}

/// <summary>
/// How a source's alerts land on the page: the label naming the component (its name or id), the status each severity
/// means, whether firing alerts open an incident, and whether that incident resolves itself when they all clear.
/// </summary>
public sealed record AlertSourceSettings(
    string Name, AlertSourceKind Kind, string ComponentLabel, IReadOnlyDictionary<string, ComponentStatus> Severities,
    bool OpenIncidents, bool AutoResolve);

/// <param name="OrganizationId">Recorded so that the source's URL, which names only the source, finds its organization.</param>
/// <param name="ProtectedToken">The bearer token as Data Protection encrypted it; the API showed it once, when it was made.</param>
public sealed record AlertSourceCreated(Guid SourceId, Guid OrganizationId, AlertSourceSettings Settings, string ProtectedToken, DateTimeOffset At) : ICarriesSecrets
{
    public object WithoutSecrets() => this with { ProtectedToken = AlertRules.Hidden };
}

public sealed record AlertSourceChanged(Guid SourceId, AlertSourceSettings OldSettings, AlertSourceSettings NewSettings, DateTimeOffset At);

/// <summary>The old token stops working at once: unlike a webhook's signature, nothing needs both while switching.</summary>
public sealed record AlertSourceTokenRotated(Guid SourceId, string ProtectedToken, DateTimeOffset At) : ICarriesSecrets
{
    public object WithoutSecrets() => this with { ProtectedToken = AlertRules.Hidden };
}

/// <summary>Components its alerts set keep the status they have; an operator decides what happens to them.</summary>
public sealed record AlertSourceRemoved(Guid SourceId, DateTimeOffset At);

/// <summary>An alert began firing, or firing alert's component or status changed: the labels are the evidence.</summary>
public sealed record AlertFired(
    Guid SourceId, string GroupKey, string Fingerprint, Guid ComponentId, ComponentStatus Status, string Title,
    IReadOnlyDictionary<string, string> Labels, DateTimeOffset At);

public sealed record AlertResolved(Guid SourceId, string GroupKey, string Fingerprint, Guid ComponentId, DateTimeOffset At);

/// <summary>The incident a group's alerts opened: further alerts of the group update it instead of opening another.</summary>
public sealed record AlertIncidentOpened(Guid SourceId, string GroupKey, Guid IncidentId, DateTimeOffset At);

/// <summary>The group's alerts all cleared and its incident was resolved with them.</summary>
public sealed record AlertIncidentClosed(Guid SourceId, string GroupKey, Guid IncidentId, DateTimeOffset At);

/// <summary>One alert the source knows to be firing, keyed by its fingerprint.</summary>
public sealed record FiringAlert(string GroupKey, Guid ComponentId, ComponentStatus Status, string Title);

/// <summary>
/// A monitoring system allowed to set components: its settings and token, and what it has said so far (the alerts
/// firing, the incidents their groups opened), so that a repeated notification is recognised and changes nothing.
/// </summary>
public sealed class AlertSource : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public AlertSourceKind Kind { get; set; }
    public string ComponentLabel { get; set; } = AlertRules.DefaultComponentLabel;
    public Dictionary<string, ComponentStatus> Severities { get; set; } = new();
    public bool OpenIncidents { get; set; }
    public bool AutoResolve { get; set; }
    public string Token { get; set; } = "";
    public bool Removed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Dictionary<string, FiringAlert> Firing { get; set; } = new();
    public Dictionary<string, Guid> Incidents { get; set; } = new();

    public AlertSourceSettings Settings => new(Name, Kind, ComponentLabel, Severities, OpenIncidents, AutoResolve);

    public static AlertSource Create(AlertSourceCreated e)
    {
        var source = new AlertSource { Id = e.SourceId, OrganizationId = e.OrganizationId, Token = e.ProtectedToken, CreatedAt = e.At };
        source.Configure(e.Settings, e.At);
        return source;
    }

    public void Apply(AlertSourceChanged e) => Configure(e.NewSettings, e.At);

    public void Apply(AlertSourceTokenRotated e) => (Token, UpdatedAt) = (e.ProtectedToken, e.At);

    public void Apply(AlertSourceRemoved e) => (Removed, UpdatedAt) = (true, e.At);

    public void Apply(AlertFired e) => Firing[e.Fingerprint] = new FiringAlert(e.GroupKey, e.ComponentId, e.Status, e.Title);

    public void Apply(AlertResolved e) => Firing.Remove(e.Fingerprint);

    public void Apply(AlertIncidentOpened e) => Incidents[e.GroupKey] = e.IncidentId;

    public void Apply(AlertIncidentClosed e) => Incidents.Remove(e.GroupKey);

    private void Configure(AlertSourceSettings settings, DateTimeOffset at)
    {
        (Name, Kind, ComponentLabel, OpenIncidents, AutoResolve, UpdatedAt) =
            (settings.Name, settings.Kind, settings.ComponentLabel, settings.OpenIncidents, settings.AutoResolve, at);
        Severities = settings.Severities.ToDictionary(s => s.Key, s => s.Value);
    }
}
