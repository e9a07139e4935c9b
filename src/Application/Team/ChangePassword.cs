using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public sealed record ChangePassword(string? CurrentPassword, string? NewPassword);

/// <summary>
/// A signed-in operator chooses a new password by giving the current one (a session left open on a shared machine is
/// not enough). Every other session of theirs ends; this one goes on with the new stamp.
/// </summary>
public static class ChangePasswordEndpoint
{
    [Authorize(Policy = OperatorSignIn.Policy)]
    [WolverinePost("/api/account/password", OperationId = "changePassword")]
    public static async Task<IResult> Post(
        ChangePassword command, ClaimsPrincipal user, HttpContext http, IDocumentSession session, IPasswordHasher<Operator> hasher,
        AccountLimits limits, TimeProvider clock, CancellationToken token)
    {
        var stream = await session.Events.FetchForWriting<Operator>(OperatorSignIn.OperatorId(user)!.Value, token);
        if (stream.Aggregate is not { } person) return Problems.NotFound("Account", "signed in");
        if (limits.Wait(person.Email) is { } wait) return ClientRateLimits.TooMany(http, wait, "password attempts for this account");
        var outcome = OperatorRules.ChangePassword(person, hasher.Matches(person, command.CurrentPassword), command.NewPassword, hasher.Hasher(),
            clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return Problems.From(rejection);
        var changed = (OperatorPasswordChanged)outcome.Events[0];
        stream.AppendOne(changed);
        person.Apply(changed);
        await http.SignInAsync(OperatorSignIn.Scheme, OperatorSignIn.Restamped(user, person));
        return Results.NoContent();
    }
}
