using StatusPage.Domain.Shared;

namespace StatusPage.Domain.ApiKeys;

/// <summary>What a key (and later a signed-in member) may do within its organization.</summary>
public enum Role
{
    Owner,
    Editor,
    Viewer
}

/// <summary>Only the hash of the secret is ever recorded; the secret itself is shown once to whoever asked for it.</summary>
public sealed record ApiKeyIssued(
    Guid KeyId, Guid OrganizationId, string Name, Role Role, string Prefix, string SecretHash, DateTimeOffset At) : IApiKeyEvent;

public sealed record ApiKeyRevoked(Guid KeyId, Guid OrganizationId, DateTimeOffset At) : IApiKeyEvent;

public sealed class ApiKey : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid OrganizationId { get; set; }
    public string Name { get; set; } = "";
    public Role Role { get; set; }
    public string Prefix { get; set; } = "";
    public string SecretHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool Revoked => RevokedAt is not null;

    public static ApiKey Create(ApiKeyIssued e) => new()
    {
        Id = e.KeyId, OrganizationId = e.OrganizationId, Name = e.Name, Role = e.Role, Prefix = e.Prefix,
        SecretHash = e.SecretHash, CreatedAt = e.At
    };

    public void Apply(ApiKeyRevoked e) => RevokedAt = e.At;
}

public static class ApiKeyRules
{
    public static Outcome Issue(
        Guid keyId, Guid organizationId, string? name, Role role, string prefix, string secretHash, DateTimeOffset now) =>
        Outcome.From(Text.Name(name),
            () => Outcome.Accept(new ApiKeyIssued(keyId, organizationId, name!.Trim(), role, prefix, secretHash, now)));

    /// <summary>An organization must never lock itself out, so its last owner key stays.</summary>
    public static Outcome Revoke(ApiKey key, int otherActiveOwnerKeys, DateTimeOffset now) =>
        key.Revoked ? Outcome.NotFound($"API key {key.Id} is already revoked.")
        : key.Role == Role.Owner && otherActiveOwnerKeys == 0 ? Outcome.Conflict("This is the organization's last owner key; issue another owner key before revoking it.")
        : Outcome.Accept(new ApiKeyRevoked(key.Id, key.OrganizationId, now));
}
