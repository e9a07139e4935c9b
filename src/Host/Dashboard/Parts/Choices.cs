using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Maintenances;
using StatusPage.Host.PublicPages.Html;

namespace StatusPage.Host.Dashboard.Parts;

/// <summary>The values a select offers, as the API spells them, with the words a person reads.</summary>
public static class Choices
{
    public static IEnumerable<(string Value, string Text)> Of<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Select(v => (Words.Css(v), Words.Of(v)));

    public static IEnumerable<(string Value, string Text)> Unchanged(IEnumerable<(string, string)> choices) =>
        choices.Prepend(("", "(unchanged)"));

    public static IEnumerable<(string Value, string Text)> Roles => Of<Role>();

    public static IEnumerable<(string Value, string Text)> Statuses => Of<ComponentStatus>();

    /// <summary>An incident is declared in one of these; resolving is an update.</summary>
    public static IEnumerable<(string Value, string Text)> OpenIncidentStatuses => Of<IncidentStatus>().Where(c => c.Value != "resolved");

    /// <summary>Cancelling has its own button.</summary>
    public static IEnumerable<(string Value, string Text)> MaintenanceSteps => Of<MaintenanceStatus>().Where(c => c.Value != "cancelled");

    public static IEnumerable<(string Value, string Text)> Groups(IEnumerable<ComponentGroup> groups) =>
        groups.Select(g => (g.Id.ToString(), g.Name)).Prepend(("", "(no group)"));
}
