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

    /// <remarks>Written at the stream's version as read: of two uses of one link at once, one wins and the other is 409.</remarks>
    [EnableRateLimiting(TeamSetup.SignInRateLimit)]
    [WolverinePost("/api/account/password-reset/complete", OperationId = "completePasswordReset")]
    public static async Task<IResult> Post(
        CompletePasswordReset command, Account account, IDocumentSession session, IPasswordHasher<Operator> hasher, TimeProvider clock,
        CancellationToken token)
    {
        if (account.Person is not { } found) return Problems.NotFound("Password reset", "with that link (it works once)");
        var stream = await session.Events.FetchForWriting<Operator>(found.Id, token);
        var outcome = OperatorRules.ResetPassword(stream.Aggregate!, command.Password, hasher.Hasher(), clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return Problems.From(rejection);
        session.LastModifiedBy = $"user:{found.Id}";
        stream.AppendMany(outcome.Events);
        return Results.NoContent();
    }
}
