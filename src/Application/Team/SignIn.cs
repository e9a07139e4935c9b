using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>What a sign-in came to: the operator's claims in their organization, or why not (and, if limited, how long to wait).</summary>
public sealed record SignInResult(ClaimsPrincipal? Principal, string? Error, TimeSpan? RetryAfter = null);

/// <summary>
/// Email and password sign-in with lockout. The dashboard's cookie carries the same claims an API key gives
/// (organization, role, actor "user:{id}"), so every policy and the events' actor work unchanged, and besides them
/// the account's security stamp and when the session began, which every request checks.
/// </summary>
public sealed class OperatorSignIn(
    IDocumentStore store, IPasswordHasher<Operator> hasher, SignInOptions options, AccountLimits limits, TimeProvider clock)
{
    public const string Scheme = "Operator";
    public const string Policy = "operator";
    public const string MemberClaim = "statuspage:member";
    private const string StampClaim = "statuspage:stamp";
    private const string SinceClaim = "statuspage:since";

    /// <summary>One answer for an unknown address, a wrong password and a locked account: none tells an attacker more.</summary>
    public const string Refused = "Wrong email or password, or the account is locked after too many failed attempts.";

    /// <summary>Verified against when the email is unknown, so an answer's timing does not tell which addresses have accounts.</summary>
    private readonly Lazy<Operator> _nobody = new(() => new Operator { PasswordHash = hasher.HashPassword(null!, Guid.NewGuid().ToString()) });

    public async Task<SignInResult> Attempt(string? email, string? password, CancellationToken token)
    {
        if (limits.Wait(email) is { } wait)
            return new SignInResult(null, $"Too many sign-in attempts for this address; try again in {Math.Ceiling(wait.TotalSeconds)} seconds.", wait);
        await using var session = store.LightweightSession();
        var address = OperatorRules.NormalizeEmail(email ?? "");
        var ids = await session.Query<Operator>().Where(o => o.Email == address).Select(o => o.Id).ToListAsync(token);
        if (ids.Count == 0)
        {
            hasher.Matches(_nobody.Value, password);
            return new SignInResult(null, Refused);
        }

        return await Decide(session, ids[0], person => hasher.Matches(person, password), Refused, token);
    }

    /// <summary>
    /// Sign-in through an identity provider (GitHub) that vouches for these addresses: the account they belong to
    /// signs in as if its password had been typed, lockout included.
    /// </summary>
    public async Task<SignInResult> Vouched(IReadOnlyCollection<string> verifiedEmails, CancellationToken token)
    {
        await using var session = store.LightweightSession();
        var addresses = verifiedEmails.Select(OperatorRules.NormalizeEmail).ToList();
        var ids = await session.Query<Operator>().Where(o => addresses.Contains(o.Email)).Select(o => o.Id).ToListAsync(token);
        return ids.Count == 0
            ? new SignInResult(null, "No account has the email addresses your GitHub account verified; ask an owner for an invitation.")
            : await Decide(session, ids[0], _ => true, "This account is locked after too many failed attempts; try again later.", token);
    }

    /// <summary>
    /// The account's stream is held exclusively from reading its failures to appending the next, so attempts that
    /// arrive together are counted one after the other and every one of them counts.
    /// </summary>
    private async Task<SignInResult> Decide(
        IDocumentSession session, Guid id, Func<Operator, bool> credentialsMatch, string refused, CancellationToken token)
    {
        var stream = await session.Events.FetchForExclusiveWriting<Operator>(id, token);
        var person = stream.Aggregate!;
        var now = clock.GetUtcNow();
        var outcome = OperatorRules.SignIn(person, credentialsMatch(person), options.Lockout, now);
        if (outcome.Rejection is not null) return new SignInResult(null, refused);
        session.LastModifiedBy = $"user:{person.Id}";
        stream.AppendMany(outcome.Events);
        await session.SaveChangesAsync(token);
        if (!outcome.Events.OfType<OperatorSignedIn>().Any()) return new SignInResult(null, refused);

        var member = await session.Query<Member>().Where(m => m.OperatorId == person.Id && m.RemovedAt == null)
            .OrderBy(m => m.JoinedAt).FirstOrDefaultAsync(token);
        return member is null
            ? new SignInResult(null, "Your account is not a member of any organization any more.")
            : new SignInResult(Principal(person, member, now), null);
    }

    /// <summary>
    /// Checked on every dashboard request: a removed member is signed out, a changed role takes effect at once, and a
    /// session ends when its person signed out or chose a new password (the stamp moved on) or it is older than
    /// SignIn:SessionMaxHours, however busy it was.
    /// </summary>
    public async Task<ClaimsPrincipal?> Refresh(ClaimsPrincipal principal, CancellationToken token)
    {
        if (!Guid.TryParse(principal.FindFirstValue(MemberClaim), out var memberId) || OperatorId(principal) is not { } operatorId
            || !int.TryParse(principal.FindFirstValue(StampClaim), CultureInfo.InvariantCulture, out var stamp)
            || !long.TryParse(principal.FindFirstValue(SinceClaim), CultureInfo.InvariantCulture, out var since))
            return null;
        var began = DateTimeOffset.FromUnixTimeSeconds(since);
        if (clock.GetUtcNow() - began >= TimeSpan.FromHours(options.SessionMaxHours)) return null;

        await using var session = store.QuerySession();
        var member = await session.LoadAsync<Member>(memberId, token);
        var person = await session.LoadAsync<Operator>(operatorId, token);
        if (member is null || member.Removed || member.OrganizationId != principal.OrganizationId() || member.OperatorId != operatorId
            || person is null || person.SecurityStamp != stamp)
            return null;
        return principal.IsInRole(member.Role.ToString().ToLowerInvariant()) ? principal : Principal(person, member, began);
    }

    /// <summary>The same session with the account's new stamp: the one that changed the password stays signed in.</summary>
    public static ClaimsPrincipal Restamped(ClaimsPrincipal principal, Operator person)
    {
        var identity = new ClaimsIdentity(principal.Claims.Where(c => c.Type != StampClaim), Scheme, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(StampClaim, person.SecurityStamp.ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }

    /// <summary>Ends every session of the signed-in person, on every device: the next request of each is signed out.</summary>
    public async Task EndEverySession(ClaimsPrincipal principal, CancellationToken token)
    {
        if (OperatorId(principal) is not { } id) return;
        await using var session = store.LightweightSession();
        session.LastModifiedBy = principal.Actor();
        session.Events.Append(id, new OperatorSignedOutEverywhere(id, clock.GetUtcNow()));
        await session.SaveChangesAsync(token);
    }

    public static Guid? OperatorId(ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    private static ClaimsPrincipal Principal(Operator person, Member member, DateTimeOffset since)
    {
        var identity = StatusPageClaims.For(Scheme, $"user:{person.Id}", member.OrganizationId, member.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()));
        identity.AddClaim(new Claim(MemberClaim, member.Id.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Email, person.Email));
        identity.AddClaim(new Claim(ClaimTypes.GivenName, person.Name));
        identity.AddClaim(new Claim(StampClaim, person.SecurityStamp.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(SinceClaim, since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return new ClaimsPrincipal(identity);
    }
}
