using Marten;
using Marten.Events.Aggregation;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public static class TeamSetup
{
    /// <summary>
    /// Operators, members and invitations are global like API keys: whoever signs in is found before anyone knows
    /// their organization, and one operator may belong to several.
    /// </summary>
    public static IServiceCollection AddTeam(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Projections.AddGlobalProjection(new SingleStreamProjection<Operator, Guid>(), ProjectionLifecycle.Inline);
            options.Projections.AddGlobalProjection(new SingleStreamProjection<Member, Guid>(), ProjectionLifecycle.Inline);
            options.Projections.AddGlobalProjection(new SingleStreamProjection<Invitation, Guid>(), ProjectionLifecycle.Inline);
            options.Schema.For<Operator>().UniqueIndex(o => o.Email);
            options.Schema.For<Member>().Index(m => m.OperatorId).Index(m => m.OrganizationId);
            options.Schema.For<Invitation>().UniqueIndex(i => i.TokenHash).Index(i => i.OrganizationId);
        });
        services.AddSingleton<IPasswordHasher<Operator>, PasswordHasher<Operator>>();
        services.AddSingleton<OperatorSignIn>();
        return services;
    }
}
