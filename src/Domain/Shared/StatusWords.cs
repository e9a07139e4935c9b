using System.Text.Json;

namespace StatusPage.Domain.Shared;

/// <summary>
/// The one way status values become words, so mail, pages, feeds and the v2 JSON never disagree on what a status is
/// called.
/// </summary>
public static class StatusWords
{
    /// <summary>As people read it: MajorOutage is "Major outage".</summary>
    public static string Text<T>(T value) where T : struct, Enum
    {
        var wire = Wire(value);
        return char.ToUpperInvariant(wire[0]) + wire[1..].Replace('_', ' ');
    }

    /// <summary>As machines read it (JSON, CSS, form values): MajorOutage is "major_outage".</summary>
    public static string Wire<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
