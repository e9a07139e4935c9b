using StatusPage.Domain.Shared;
using StatusPage.Domain.Subscribers;

namespace StatusPage.Domain.Notifications;

/// <summary>
/// What an organization emails about: which kinds of notice go to subscribers (wire names), and who its owners are for
/// operational alerts (a webhook endpoint disabled, uptime below threshold).
/// </summary>
public sealed record NotificationPreferences(IReadOnlyList<string> EmailedNotices, IReadOnlyList<string> OwnerEmails)
{
    /// <summary>The seed's settings: incidents declared, updated and resolved, postmortems, and maintenance; no bare component changes.</summary>
    public static readonly NotificationPreferences Default = new(
        [
            NoticeType.IncidentCreated.Name(), NoticeType.IncidentUpdated.Name(), NoticeType.IncidentResolved.Name(),
            NoticeType.IncidentPostmortem.Name(), NoticeType.MaintenanceScheduled.Name(), NoticeType.MaintenanceStarted.Name(),
            NoticeType.MaintenanceCompleted.Name()
        ], []);

    public bool Emails(NoticeType type) => EmailedNotices.Contains(type.Name());
}

/// <summary>A merge patch of <see cref="NotificationPreferences"/>: null leaves that part as it is.</summary>
public sealed record NotificationPreferencesPatch(IReadOnlyList<string>? EmailedNotices, IReadOnlyList<string>? OwnerEmails)
{
    public const int MaxOwnerEmails = 50;

    /// <summary>Uptime alerts are news for the organization's owners, not for the readers of its page.</summary>
    public static readonly string[] Emailable = Notices.Names.Where(n => n != NoticeType.ComponentUptimeAlert.Name()).ToArray();

    public Rejection? Problem() => Text.FirstOf(
        EmailedNotices?.FirstOrDefault(n => !Emailable.Contains(n)) is { } unknown
            ? Rejection.Invalid("notificationPreferences.emailedNotices", $"'notificationPreferences.emailedNotices' has '{unknown}'; subscribers can be emailed about: {string.Join(", ", Emailable)}.")
            : null,
        OwnerEmails is { Count: > MaxOwnerEmails }
            ? Rejection.Invalid("notificationPreferences.ownerEmails", $"'notificationPreferences.ownerEmails' has more than {MaxOwnerEmails} addresses.")
            : null,
        OwnerEmails?.Select(EmailAddress.Check).FirstOrDefault(r => r is not null) is { } bad
            ? bad with { Detail = "'notificationPreferences.ownerEmails': " + bad.Detail, Field = "notificationPreferences.ownerEmails" }
            : null);

    public NotificationPreferences ApplyTo(NotificationPreferences current) => new(
        EmailedNotices?.Distinct().OrderBy(n => Array.IndexOf(Notices.Names, n)).ToArray() ?? current.EmailedNotices,
        OwnerEmails?.Select(EmailAddress.Normalize).Distinct().ToArray() ?? current.OwnerEmails);
}
