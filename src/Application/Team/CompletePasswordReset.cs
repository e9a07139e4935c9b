using Marten;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public sealed record CompletePasswordReset(string? Token, string? Password);

/// <summary>The mailed link's token chooses the new password; every session of the account ends and its lockout with it.</summary>
public static class CompletePasswordResetEndpoint
{
    public static async Task<Account> LoadAsync(CompletePasswordReset command, IQuerySession session, CancellationToken token)
    {
        if (command.Token is not { Length: > 0 } secret || !ApiKeySecrets.LooksLikeKey(secret)) return new(null);
        var hash = ApiKeySecrets.Hash(secret);
        return new(await session.Query<Operator>().FirstOrDefaultAsync(o => o.ResetTokenHash == hash, token));
    }

    [EnableRateLimiting(TeamSetup.SignInRateLimit)]
    [WolverinePost("/api/account/password-reset/complete", OperationId = "completePasswordReset")]
    public static IResult Post(
        CompletePasswordReset command, Account account, IDocumentSession session, IPasswordHasher<Operator> hasher, TimeProvider clock)
    {
        var person = account.Person;
        if (person is null) return Problems.NotFound("Password reset", "with that link (it works once)");
        var outcome = OperatorRules.ResetPassword(person, command.Password, hasher.Hasher(), clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return Problems.From(rejection);
        session.LastModifiedBy = $"user:{person.Id}";
        session.Events.Append(person.Id, person.Version + 1, outcome.Events.ToArray());
        return Results.NoContent();
    }
}
