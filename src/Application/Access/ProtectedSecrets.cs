using Microsoft.AspNetCore.DataProtection;

namespace StatusPage.Application.Access;

/// <summary>
/// Secrets the app must read back (to sign with, or to check a caller's against) are stored only as Data Protection
/// ciphertext under a purpose of their own; the API shows one once, when it is made.
/// </summary>
public abstract class ProtectedSecrets(IDataProtectionProvider provider, string purpose, Func<string> newSecret)
{
    private readonly IDataProtector _protector = provider.CreateProtector(purpose);

    public (string Secret, string Protected) Generate()
    {
        var secret = newSecret();
        return (secret, _protector.Protect(secret));
    }

    public string Reveal(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
