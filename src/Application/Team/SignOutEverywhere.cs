using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace StatusPage.Application.Team;

/// <summary>Ends every session of the signed-in operator, this one included: a lost laptop's or phone's too.</summary>
public static class SignOutEverywhereEndpoint
{
    [Authorize(Policy = OperatorSignIn.Policy)]
    [WolverinePost("/api/account/sign-out-everywhere", OperationId = "signOutEverywhere")]
    public static async Task<IResult> Post(ClaimsPrincipal user, HttpContext http, OperatorSignIn signIn, CancellationToken token)
    {
        await signIn.EndEverySession(user, token);
        await http.SignOutAsync(OperatorSignIn.Scheme);
        return Results.NoContent();
    }
}
