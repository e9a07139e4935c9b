using System.Text.RegularExpressions;

namespace StatusPage.Application.Email;

/// <summary>Status words as people read them in an email: "MajorOutage" is "Major outage".</summary>
public static partial class Words
{
    public static string Of<T>(T value) where T : struct, Enum =>
        WordStart().Replace(value.ToString(), m => " " + m.Value.ToLowerInvariant());

    [GeneratedRegex("(?<!^)[A-Z]")]
    private static partial Regex WordStart();
}
