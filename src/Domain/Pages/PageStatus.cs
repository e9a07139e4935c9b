using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;

namespace StatusPage.Domain.Pages;

/// <summary>The overall indicator of a status page, in Statuspage's words, from least to most severe.</summary>
public enum StatusIndicator
{
    None,
    Maintenance,
    Minor,
    Major,
    Critical
}

/// <summary>
/// The overall status rule: the worse of what the components say and what open incidents say.
/// Components: half or more in major_outage → critical; any major_outage or partial_outage → major;
/// any degraded_performance → minor; only under_maintenance → maintenance. An unresolved incident raises
/// the indicator to at least its impact.
/// </summary>
public static class PageStatus
{
    public static StatusIndicator Indicator(IReadOnlyCollection<ComponentStatus> components, IEnumerable<IncidentImpact> openIncidents)
    {
        var majorOutages = components.Count(s => s == ComponentStatus.MajorOutage);
        var fromComponents =
            majorOutages > 0 && majorOutages * 2 >= components.Count ? StatusIndicator.Critical
            : majorOutages > 0 || components.Contains(ComponentStatus.PartialOutage) ? StatusIndicator.Major
            : components.Contains(ComponentStatus.DegradedPerformance) ? StatusIndicator.Minor
            : components.Contains(ComponentStatus.UnderMaintenance) ? StatusIndicator.Maintenance
            : StatusIndicator.None;
        var fromIncidents = openIncidents.Select(impact => impact switch
        {
            IncidentImpact.Critical => StatusIndicator.Critical,
            IncidentImpact.Major => StatusIndicator.Major,
            IncidentImpact.Minor => StatusIndicator.Minor,
            _ => StatusIndicator.None
        }).DefaultIfEmpty(StatusIndicator.None).Max();
        return fromComponents > fromIncidents ? fromComponents : fromIncidents;
    }

    /// <summary>A group's status: the worst of its components (an outage outranks maintenance); operational when it has none.</summary>
    public static ComponentStatus Worst(IEnumerable<ComponentStatus> components) =>
        components.DefaultIfEmpty(ComponentStatus.Operational).MaxBy(Severity);

    private static int Severity(ComponentStatus status) => status switch
    {
        ComponentStatus.MajorOutage => 4,
        ComponentStatus.PartialOutage => 3,
        ComponentStatus.DegradedPerformance => 2,
        ComponentStatus.UnderMaintenance => 1,
        _ => 0
    };

    public static string Describe(StatusIndicator indicator) => indicator switch
    {
        StatusIndicator.Critical => "Major System Outage",
        StatusIndicator.Major => "Partial System Outage",
        StatusIndicator.Minor => "Partially Degraded Service",
        StatusIndicator.Maintenance => "Service Under Maintenance",
        _ => "All Systems Operational"
    };
}
