using System.Text.RegularExpressions;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Subscribers;

/// <summary>
/// The addresses the list takes: a plain addr-spec (no display name, no comments, no quoted local part), so that what
/// goes into a To header can never carry a second header or recipient.
/// </summary>
public static partial class EmailAddress
{
    public const int MaxLength = 254;

    public static Rejection? Check(string? email)
    {
        if (string.IsNullOrWhiteSpace(email)) return Rejection.Invalid("email", "'email' is required.");
        var trimmed = email.Trim(' ');
        return trimmed.Length <= MaxLength && Pattern().IsMatch(trimmed)
            ? null
            : Rejection.Invalid("email", $"'email' is not a valid email address such as reader@example.com (at most {MaxLength} characters).");
    }

    /// <summary>One address, one subscriber: compared without regard to case or surrounding blanks.</summary>
    public static string Normalize(string email) => email.Trim(' ').ToLowerInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\z")]
    private static partial Regex Pattern();
}
