using Marten.Events.Aggregation;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Http;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>Sign-in and session settings (SignIn:*), with their defaults.</summary>
public sealed class SignInOptions
{
    public int PerClientPerMinute { get; set; } = 30;
    public int PerAccountPerMinute { get; set; } = 10;
    public int MaxFailedAttempts { get; set; } = 5;
    public int LockoutMinutes { get; set; } = 15;
    public int SessionIdleMinutes { get; set; } = 480;
    public int SessionMaxHours { get; set; } = 24;

    public LockoutPolicy Lockout => new(MaxFailedAttempts, TimeSpan.FromMinutes(LockoutMinutes));
}

public static class TeamSetup
{
    public const string SignInRateLimit = "sign-in";

    /// <summary>
    /// Operators, members and invitations are global like API keys: whoever signs in is found before anyone knows
    /// their organization, and one operator may belong to several.
    /// </summary>
    public static IServiceCollection AddTeam(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("SignIn").Get<SignInOptions>() ?? new SignInOptions();
        if (options is { PerClientPerMinute: < 1 } or { PerAccountPerMinute: < 1 } or { MaxFailedAttempts: < 1 } or { LockoutMinutes: < 1 }
            or { SessionIdleMinutes: < 1 } or { SessionMaxHours: < 1 })
            throw new InvalidOperationException("Every SignIn:* setting must be at least 1.");
        services.AddSingleton(options);
        services.ConfigureMarten(marten =>
        {
            marten.Projections.AddGlobalProjection(new SingleStreamProjection<Operator, Guid>(), ProjectionLifecycle.Inline);
            marten.Projections.AddGlobalProjection(new SingleStreamProjection<Member, Guid>(), ProjectionLifecycle.Inline);
            marten.Projections.AddGlobalProjection(new SingleStreamProjection<Invitation, Guid>(), ProjectionLifecycle.Inline);
            marten.Schema.For<Operator>().UniqueIndex(o => o.Email).Index(o => o.ResetTokenHash);
            marten.Schema.For<Member>().Index(m => m.OperatorId).Index(m => m.OrganizationId);
            marten.Schema.For<Invitation>().UniqueIndex(i => i.TokenHash).Index(i => i.OrganizationId);
        });
        services.AddSingleton<IPasswordHasher<Operator>, PasswordHasher<Operator>>();
        services.AddSingleton<AccountLimits>();
        services.AddSingleton<OperatorSignIn>();
        services.AddPerClientLimit(SignInRateLimit, options.PerClientPerMinute);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorSignIn.Policy, p => p.AddAuthenticationSchemes(OperatorSignIn.Scheme).RequireClaim(OperatorSignIn.MemberClaim));
        return services;
    }
}
