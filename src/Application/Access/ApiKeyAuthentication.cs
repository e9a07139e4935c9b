using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StatusPage.Application.Http;

namespace StatusPage.Application.Access;

public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>The instance administrator's token (configuration Admin:Token, environment ADMIN_TOKEN).</summary>
    public string? AdminToken { get; set; }
}

/// <summary>
/// Bearer API keys. A key is "sp_" followed by 32 random bytes; only its SHA-256 is stored, so a lookup by hash
/// is all it takes and a database leak reveals no usable key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyDirectory keys,
    ApiKeyUsage usage)
    : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <key>'.");
        var token = header["Bearer ".Length..].Trim();

        if (Options.AdminToken is { Length: > 0 } admin && FixedTimeEquals(token, admin))
        {
            var identity = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, "admin"), new Claim(StatusPageClaims.Role, StatusPageClaims.InstanceAdmin)],
                SchemeName, ClaimTypes.Name, StatusPageClaims.Role);
            return Success(identity);
        }

        if (!ApiKeySecrets.LooksLikeKey(token)) return AuthenticateResult.Fail("The API key is malformed.");

        var key = await keys.Find(ApiKeySecrets.Hash(token), Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is unknown.");
        if (key.Revoked) return AuthenticateResult.Fail("The API key has been revoked.");

        usage.Touch(key.KeyId);
        return Success(StatusPageClaims.For(SchemeName, $"apikey:{key.KeyId}", key.OrganizationId, key.Role));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized",
            failure ?? "This endpoint needs 'Authorization: Bearer <API key>'.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "Your key's role does not allow this action.");

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
