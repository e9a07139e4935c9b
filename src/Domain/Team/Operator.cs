using System.Net.Mail;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Team;

/// <summary>A person who signs in to the dashboard. Only the password's hash is ever recorded.</summary>
public sealed record OperatorRegistered(Guid OperatorId, string Email, string Name, string PasswordHash, DateTimeOffset At);

public sealed record OperatorSignedIn(Guid OperatorId, DateTimeOffset At);

public sealed record OperatorSignInFailed(Guid OperatorId, int FailedAttempts, DateTimeOffset At);

public sealed record OperatorLockedOut(Guid OperatorId, DateTimeOffset Until, DateTimeOffset At);

public sealed class Operator
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static Operator Create(OperatorRegistered e) => new()
    {
        Id = e.OperatorId, Email = e.Email, Name = e.Name, PasswordHash = e.PasswordHash, CreatedAt = e.At
    };

    public void Apply(OperatorSignedIn e) => (FailedAttempts, LockedUntil, LastSignInAt) = (0, null, e.At);

    public void Apply(OperatorSignInFailed e) => FailedAttempts = e.FailedAttempts;

    public void Apply(OperatorLockedOut e) => (FailedAttempts, LockedUntil) = (0, e.Until);
}

public static class OperatorRules
{
    public const int MinPasswordLength = 10;
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan Lockout = TimeSpan.FromMinutes(15);

    /// <param name="hash">The password hasher: decisions see the plain password only to judge it, and record its hash.</param>
    public static Outcome Register(
        Guid operatorId, string? email, string? name, string? password, Func<string, string> hash, bool emailTaken, DateTimeOffset now)
    {
        var rejection = Text.FirstOf(Email(email), Text.Name(name), Password(password));
        if (rejection is not null) return new Outcome([], rejection);
        if (emailTaken) return Outcome.Conflict($"'email' {NormalizeEmail(email!)} already has an account; sign in instead.");
        return Outcome.Accept(new OperatorRegistered(operatorId, NormalizeEmail(email!), name!.Trim(), hash(password!), now));
    }

    /// <summary>
    /// A wrong password is recorded, and the attempt that reaches <see cref="MaxFailedAttempts"/> locks the account for
    /// <see cref="Lockout"/>, so guessing costs an attacker time; while locked even the right password is refused.
    /// </summary>
    public static Outcome SignIn(Operator person, bool passwordMatches, DateTimeOffset now)
    {
        if (person.LockedUntil is { } until && until > now)
            return Outcome.Conflict($"Too many failed attempts: this account is locked until {until:HH:mm} UTC.");
        if (passwordMatches) return Outcome.Accept(new OperatorSignedIn(person.Id, now));

        var attempts = person.FailedAttempts + 1;
        return attempts >= MaxFailedAttempts
            ? Outcome.Accept(new OperatorSignInFailed(person.Id, attempts, now), new OperatorLockedOut(person.Id, now + Lockout, now))
            : Outcome.Accept(new OperatorSignInFailed(person.Id, attempts, now));
    }

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static Rejection? Email(string? email) =>
        string.IsNullOrWhiteSpace(email) || email.Length > Text.MaxNameLength || !MailAddress.TryCreate(email.Trim(), out var parsed)
        || parsed.Address != email.Trim()
            ? Rejection.Invalid("email", "'email' must be an email address such as ada@example.com.")
            : null;

    public static Rejection? Password(string? password) =>
        password is null || password.Length < MinPasswordLength
            ? Rejection.Invalid("password", $"'password' must be at least {MinPasswordLength} characters long.")
            : Text.Optional(password, "password", Text.MaxNameLength);
}
