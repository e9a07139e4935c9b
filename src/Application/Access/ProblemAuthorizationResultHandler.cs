using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using StatusPage.Application.Http;
using Wolverine.Attributes;

namespace StatusPage.Application.Access;

/// <summary>Answers authorization failures with ProblemDetails, and another organization's resources with 404.</summary>
[WolverineIgnore] // an ASP.NET Core hook, not a message handler, whatever its name suggests
public sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && result.AuthorizationFailure?.FailedRequirements.OfType<SameOrganizationRequirement>().Any() == true)
        {
            await Problems.Write(context, StatusCodes.Status404NotFound, "Not found",
                "No such organization, or it is not the one your credentials belong to.");
            return;
        }

        await _default.HandleAsync(next, context, policy, result);
    }
}
