using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Organizations;

namespace StatusPage.Application.Access;

public sealed class SameOrganizationRequirement : IAuthorizationRequirement;

/// <summary>The route's {org} may be the organization's id or its slug; either must name the caller's organization.</summary>
public sealed class SameOrganizationHandler : AuthorizationHandler<SameOrganizationRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, SameOrganizationRequirement requirement)
    {
        if (context.Resource is not HttpContext http || context.User.OrganizationId() is not { } callerOrg) return;
        var named = http.GetRouteValue("org") as string;
        if (named is null) return;

        if (Guid.TryParse(named, out var id))
        {
            if (id == callerOrg) context.Succeed(requirement);
            return;
        }

        await using var session = http.RequestServices.GetRequiredService<IDocumentStore>().QuerySession();
        var organization = await session.LoadAsync<Organization>(callerOrg, http.RequestAborted);
        if (organization?.Slug == named) context.Succeed(requirement);
    }
}
