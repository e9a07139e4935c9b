namespace StatusPage.Testing;

public sealed record OrganizationAnswer(
    Guid Id, long Version, string Name, string Slug, string TimeZone, string? CustomDomain, double UptimeAlertThreshold,
    NotificationPreferencesAnswer NotificationPreferences);

public sealed record NotificationPreferencesAnswer(List<string> EmailedNotices, List<string> OwnerEmails);

public sealed record OrganizationCreatedAnswer(Guid Id, string Slug, string ApiKey);

public sealed record ApiKeyAnswer(Guid Id, string Name, string Role, string Prefix, DateTimeOffset? LastUsedAt);

public sealed record ApiKeySecretAnswer(Guid Id, string Secret);
