using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>What a sign-in came to: the operator's claims in their organization, or why not.</summary>
public sealed record SignInResult(ClaimsPrincipal? Principal, string? Error);

/// <summary>
/// Email and password sign-in with lockout. The dashboard's cookie carries the same claims an API key gives
/// (organization, role, actor "user:{id}"), so every policy and the events' actor work unchanged.
/// </summary>
public sealed class OperatorSignIn(IDocumentStore store, IPasswordHasher<Operator> hasher, TimeProvider clock)
{
    public const string Scheme = "Operator";
    public const string MemberClaim = "statuspage:member";
    private const string WrongCredentials = "Wrong email or password.";

    /// <summary>Verified against when the email is unknown, so an answer's timing does not tell which addresses have accounts.</summary>
    private readonly Lazy<Operator> _nobody = new(() => new Operator { PasswordHash = hasher.HashPassword(null!, Guid.NewGuid().ToString()) });

    public async Task<SignInResult> Attempt(string? email, string? password, CancellationToken token)
    {
        await using var session = store.LightweightSession();
        var address = OperatorRules.NormalizeEmail(email ?? "");
        var person = await session.Query<Operator>().FirstOrDefaultAsync(o => o.Email == address, token);
        if (person is null)
        {
            hasher.Matches(_nobody.Value, password);
            return new SignInResult(null, WrongCredentials);
        }

        return await Decide(session, person, hasher.Matches(person, password), token);
    }

    /// <summary>
    /// Sign-in through an identity provider (GitHub) that vouches for these addresses: the account they belong to
    /// signs in as if its password had been typed, lockout included.
    /// </summary>
    public async Task<SignInResult> Vouched(IReadOnlyCollection<string> verifiedEmails, CancellationToken token)
    {
        await using var session = store.LightweightSession();
        var addresses = verifiedEmails.Select(OperatorRules.NormalizeEmail).ToList();
        var person = await session.Query<Operator>().FirstOrDefaultAsync(o => addresses.Contains(o.Email), token);
        return person is null
            ? new SignInResult(null, "No account has the email addresses your GitHub account verified; ask an owner for an invitation.")
            : await Decide(session, person, true, token);
    }

    private async Task<SignInResult> Decide(IDocumentSession session, Operator person, bool credentialsMatch, CancellationToken token)
    {
        var outcome = OperatorRules.SignIn(person, credentialsMatch, clock.GetUtcNow());
        if (outcome.Rejection is { } locked) return new SignInResult(null, locked.Detail);
        session.LastModifiedBy = $"user:{person.Id}";
        session.Events.Append(person.Id, outcome.Events.ToArray());
        await session.SaveChangesAsync(token);
        if (!outcome.Events.OfType<OperatorSignedIn>().Any())
            return new SignInResult(null, outcome.Events.OfType<OperatorLockedOut>().Any()
                ? $"Too many failed attempts: this account is locked for {OperatorRules.Lockout.TotalMinutes:0} minutes."
                : WrongCredentials);

        var member = await session.Query<Member>().Where(m => m.OperatorId == person.Id && m.RemovedAt == null)
            .OrderBy(m => m.JoinedAt).FirstOrDefaultAsync(token);
        return member is null
            ? new SignInResult(null, "Your account is not a member of any organization any more.")
            : new SignInResult(Principal(person, member), null);
    }

    /// <summary>
    /// Checked on every dashboard request: a removed member is signed out and a changed role takes effect at once,
    /// not when the cookie expires.
    /// </summary>
    public async Task<ClaimsPrincipal?> Refresh(ClaimsPrincipal principal, CancellationToken token)
    {
        if (!Guid.TryParse(principal.FindFirstValue(MemberClaim), out var memberId)) return null;
        await using var session = store.QuerySession();
        var member = await session.LoadAsync<Member>(memberId, token);
        if (member is null || member.Removed || member.OrganizationId != principal.OrganizationId()) return null;
        return principal.IsInRole(member.Role.ToString().ToLowerInvariant())
            ? principal
            : Principal(new Operator { Id = member.OperatorId, Email = member.Email, Name = member.Name }, member);
    }

    private static ClaimsPrincipal Principal(Operator person, Member member)
    {
        var identity = StatusPageClaims.For(Scheme, $"user:{person.Id}", member.OrganizationId, member.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()));
        identity.AddClaim(new Claim(MemberClaim, member.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Email, person.Email));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, person.Name));
        return new ClaimsPrincipal(identity);
    }
}
