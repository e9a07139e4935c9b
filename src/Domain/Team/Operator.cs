using System.Net.Mail;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Team;

/// <summary>A person who signs in to the dashboard. Only the password's hash is ever recorded.</summary>
public sealed record OperatorRegistered(Guid OperatorId, string Email, string Name, string PasswordHash, DateTimeOffset At);

public sealed record OperatorSignedIn(Guid OperatorId, DateTimeOffset At);

public sealed record OperatorSignInFailed(Guid OperatorId, int FailedAttempts, DateTimeOffset At);

public sealed record OperatorLockedOut(Guid OperatorId, DateTimeOffset Until, DateTimeOffset At);

/// <summary>What changes who may use an account: the security log records each.</summary>
public interface IAccountSecurityEvent
{
    Guid OperatorId { get; }
}

public sealed record OperatorPasswordChanged(Guid OperatorId, string PasswordHash, DateTimeOffset At) : IAccountSecurityEvent;

public sealed record OperatorSignedOutEverywhere(Guid OperatorId, DateTimeOffset At) : IAccountSecurityEvent;

/// <summary>Only the hash of the reset link's token is recorded; the link itself is mailed to the account's address.</summary>
public sealed record OperatorPasswordResetRequested(Guid OperatorId, string TokenHash, DateTimeOffset ExpiresAt, DateTimeOffset At)
    : IAccountSecurityEvent;

public sealed record OperatorPasswordReset(Guid OperatorId, string PasswordHash, DateTimeOffset At) : IAccountSecurityEvent;

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailedAttempts, TimeSpan Lockout)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15));
}

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

    /// <summary>
    /// Changes whenever every session of this person must end (signing out, a new password): a session carries the
    /// stamp it began with and ends when that is no longer the account's.
    /// </summary>
    public int SecurityStamp { get; set; }

    public string? ResetTokenHash { get; set; }
    public DateTimeOffset? ResetExpiresAt { get; set; }

    public static Operator Create(OperatorRegistered e) => new()
    {
        Id = e.OperatorId, Email = e.Email, Name = e.Name, PasswordHash = e.PasswordHash, CreatedAt = e.At
    };

    public void Apply(OperatorSignedIn e) => (FailedAttempts, LockedUntil, LastSignInAt) = (0, null, e.At);

    public void Apply(OperatorSignInFailed e) => FailedAttempts = e.FailedAttempts;

    public void Apply(OperatorLockedOut e) => (FailedAttempts, LockedUntil) = (0, e.Until);

    public void Apply(OperatorPasswordChanged e) => (PasswordHash, SecurityStamp, ResetTokenHash, ResetExpiresAt) = (e.PasswordHash, SecurityStamp + 1, null, null);

    public void Apply(OperatorSignedOutEverywhere e) => SecurityStamp++;

    public void Apply(OperatorPasswordResetRequested e) => (ResetTokenHash, ResetExpiresAt) = (e.TokenHash, e.ExpiresAt);

    /// <summary>Whoever reads the account's mail may choose its password, so a lockout ends with the reset too.</summary>
    public void Apply(OperatorPasswordReset e) =>
        (PasswordHash, SecurityStamp, ResetTokenHash, ResetExpiresAt, FailedAttempts, LockedUntil) = (e.PasswordHash, SecurityStamp + 1, null, null, 0, null);
}

public static class OperatorRules
{
    public const int MinPasswordLength = 10;
    public static readonly TimeSpan ResetValidFor = TimeSpan.FromHours(1);

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
    /// A wrong password is recorded, and the attempt that reaches the policy's maximum locks the account, so guessing
    /// costs an attacker time; while locked even the right password is refused.
    /// </summary>
    public static Outcome SignIn(Operator person, bool passwordMatches, LockoutPolicy policy, DateTimeOffset now)
    {
        if (person.LockedUntil is { } until && until > now)
            return Outcome.Conflict($"Too many failed attempts: this account is locked until {until:HH:mm} UTC.");
        if (passwordMatches) return Outcome.Accept(new OperatorSignedIn(person.Id, now));

        var attempts = person.FailedAttempts + 1;
        return attempts >= policy.MaxFailedAttempts
            ? Outcome.Accept(new OperatorSignInFailed(person.Id, attempts, now), new OperatorLockedOut(person.Id, now + policy.Lockout, now))
            : Outcome.Accept(new OperatorSignInFailed(person.Id, attempts, now));
    }

    public static Outcome ChangePassword(Operator person, bool currentMatches, string? password, Func<string, string> hash, DateTimeOffset now) =>
        !currentMatches ? Outcome.Invalid("currentPassword", "'currentPassword' is not your current password.")
        : Password(password, "newPassword") is { } invalid ? new Outcome([], invalid)
        : Outcome.Accept(new OperatorPasswordChanged(person.Id, hash(password!), now));

    public static Outcome RequestPasswordReset(Operator person, string tokenHash, DateTimeOffset now) =>
        Outcome.Accept(new OperatorPasswordResetRequested(person.Id, tokenHash, now + ResetValidFor, now));

    /// <summary>The link works once (the reset forgets its token) and only until it expires.</summary>
    public static Outcome ResetPassword(Operator person, string? password, Func<string, string> hash, DateTimeOffset now) =>
        person.ResetExpiresAt is not { } expires || expires <= now ? Outcome.Conflict("This link has expired; ask for a new one.")
        : Password(password) is { } invalid ? new Outcome([], invalid)
        : Outcome.Accept(new OperatorPasswordReset(person.Id, hash(password!), now));

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    public static Rejection? Email(string? email) =>
        string.IsNullOrWhiteSpace(email) || email.Length > Text.MaxNameLength || !MailAddress.TryCreate(email.Trim(), out var parsed)
        || parsed.Address != email.Trim()
            ? Rejection.Invalid("email", "'email' must be an email address such as ada@example.com.")
            : null;

    public static Rejection? Password(string? password, string field = "password") =>
        password is null || password.Length < MinPasswordLength
            ? Rejection.Invalid(field, $"'{field}' must be at least {MinPasswordLength} characters long.")
            : Text.Optional(password, field, Text.MaxNameLength);
}
