namespace StatusPage.Domain.Shared;

public enum RejectionKind
{
    Invalid,
    NotFound,
    Conflict
}

/// <summary>
/// Why a decision refused. An invalid request names the <paramref name="Field"/> it is about (as the API spells it), so
/// the API can answer with a validation problem's <c>errors</c> map and a form can show the refusal beside that field;
/// a rejection about no one field (a path that names nothing, a conflict) has none.
/// </summary>
public sealed record Rejection(RejectionKind Kind, string Detail, string? Field = null)
{
    public static Rejection Invalid(string field, string detail) => new(RejectionKind.Invalid, detail, field);
}

/// <summary>What a decision came to: the events to append, or why it refused.</summary>
public sealed record Outcome(IReadOnlyList<object> Events, Rejection? Rejection)
{
    public bool Accepted => Rejection is null;

    public static Outcome Accept(params object[] events) => new(events, null);

    public static Outcome Accept(IEnumerable<object> events) => new(events.ToArray(), null);

    public static Outcome Invalid(string detail) => new([], new Rejection(RejectionKind.Invalid, detail));

    public static Outcome Invalid(string field, string detail) => new([], Rejection.Invalid(field, detail));

    public static Outcome NotFound(string detail) => new([], new Rejection(RejectionKind.NotFound, detail));

    public static Outcome Conflict(string detail) => new([], new Rejection(RejectionKind.Conflict, detail));

    public static Outcome From(Rejection? rejection, Func<Outcome> otherwise) =>
        rejection is null ? otherwise() : new Outcome([], rejection);
}
