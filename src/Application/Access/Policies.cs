using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace StatusPage.Application.Access;

/// <summary>
/// Authorization policies by role. Every organization-scoped policy also demands that the organization named in the
/// route is the caller's own; that failure is answered 404 so that one tenant cannot even learn what another has.
/// </summary>
public static class Policies
{
    public const string Read = "org:read";
    public const string Write = "org:write";
    public const string Owner = "org:owner";
    public const string InstanceAdmin = "instance:admin";

    public static IServiceCollection AddStatusPagePolicies(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, SameOrganizationHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.RequireAuthenticatedUser().AddRequirements(new SameOrganizationRequirement()))
            .AddPolicy(Write, p => p.RequireAuthenticatedUser().AddRequirements(new SameOrganizationRequirement())
                .RequireRole("owner", "editor"))
            .AddPolicy(Owner, p => p.RequireAuthenticatedUser().AddRequirements(new SameOrganizationRequirement())
                .RequireRole("owner"))
            .AddPolicy(InstanceAdmin, p => p.RequireRole(StatusPageClaims.InstanceAdmin));
        return services;
    }
}
