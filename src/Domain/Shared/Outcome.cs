namespace StatusPage.Domain.Shared;

public enum RejectionKind
{
    Invalid,
    NotFound,
    Conflict
}

public sealed record Rejection(RejectionKind Kind, string Detail);

/// <summary>What a decision came to: the events to append, or why it refused.</summary>
public sealed record Outcome(IReadOnlyList<object> Events, Rejection? Rejection)
{
    public bool Accepted => Rejection is null;

    public static Outcome Accept(params object[] events) => new(events, null);

    public static Outcome Accept(IEnumerable<object> events) => new(events.ToArray(), null);

    public static Outcome Invalid(string detail) => new([], new Rejection(RejectionKind.Invalid, detail));

    public static Outcome NotFound(string detail) => new([], new Rejection(RejectionKind.NotFound, detail));

    public static Outcome Conflict(string detail) => new([], new Rejection(RejectionKind.Conflict, detail));

    public static Outcome From(Rejection? rejection, Func<Outcome> otherwise) =>
        rejection is null ? otherwise() : new Outcome([], rejection);
}
