namespace StatusPage.Domain.Shared;

/// <summary>The limits every piece of operator-written text obeys.</summary>
public static class Text
{
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 2_000;
    public const int MaxMessageLength = 100_000;

    public static Rejection? Name(string? value, string field = "name") =>
        string.IsNullOrWhiteSpace(value) ? Rejection.Invalid(field, $"'{field}' is required and cannot be empty.")
        : value.Length > MaxNameLength ? Rejection.Invalid(field, $"'{field}' is longer than {MaxNameLength} characters.")
        : null;

    public static Rejection? Optional(string? value, string field, int maxLength) =>
        value is not null && value.Length > maxLength
            ? Rejection.Invalid(field, $"'{field}' is longer than {maxLength} characters.")
            : null;

    public static Rejection? Required(string? value, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Rejection.Invalid(field, $"'{field}' is required and cannot be empty.")
        : Optional(value, field, maxLength);

    public static Rejection? FirstOf(params Rejection?[] rejections) => rejections.FirstOrDefault(r => r is not null);
}
