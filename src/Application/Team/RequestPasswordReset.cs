using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Domain.Team;
using Wolverine;

namespace StatusPage.Application.Team;

public sealed record RequestPasswordReset(string? Email);

/// <summary>
/// "Forgot your password?": the answer is 202 whether or not the address has an account, so nobody learns which do;
/// if one does, a single-use link that expires goes to that address only.
/// </summary>
public static class RequestPasswordResetEndpoint
{
    public static async Task<Account> LoadAsync(RequestPasswordReset command, IQuerySession session, CancellationToken token)
    {
        var address = OperatorRules.NormalizeEmail(command.Email ?? "");
        return new(await session.Query<Operator>().FirstOrDefaultAsync(o => o.Email == address, token));
    }

    [EnableRateLimiting(TeamSetup.SignInRateLimit)]
    [WolverinePost("/api/account/password-reset", OperationId = "requestPasswordReset")]
    public static (IResult, OutgoingMessages) Post(
        RequestPasswordReset command, Account account, IDocumentSession session, AccountLimits limits, HttpContext http, TimeProvider clock)
    {
        var person = account.Person;
        if (OperatorRules.Email(command.Email) is { } invalid) return (Problems.From(invalid), []);
        if (limits.Wait(command.Email) is { } wait) return (ClientRateLimits.TooMany(http, wait, "requests for this address"), []);
        if (person is null) return (Results.Accepted(), []);

        var (token, _, hash) = ApiKeySecrets.Generate();
        var requested = (OperatorPasswordResetRequested)OperatorRules.RequestPasswordReset(person, hash, clock.GetUtcNow()).Events[0];
        session.Events.Append(person.Id, requested);
        return (Results.Accepted(), [new PasswordResetMail(person.Id, person.Email, requested.ExpiresAt, $"/dashboard/reset-password/{token}")]);
    }
}
