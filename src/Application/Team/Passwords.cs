using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

public static class Passwords
{
    public static Func<string, string> Hasher(this IPasswordHasher<Operator> hasher) => password => hasher.HashPassword(null!, password);

    public static bool Matches(this IPasswordHasher<Operator> hasher, Operator person, string? password) =>
        password is not null && hasher.VerifyHashedPassword(person, person.PasswordHash, password) != PasswordVerificationResult.Failed;
}
