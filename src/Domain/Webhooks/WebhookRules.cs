using StatusPage.Domain.Notifications;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Webhooks;

/// <summary>An endpoint as an operator asks for it; null fields of a change leave the endpoint as it is.</summary>
public sealed record WebhookRequest(string? Url, string? Description, IReadOnlyList<string>? EventTypes, IReadOnlyList<Guid>? ComponentIds, bool? Enabled);

public static class WebhookRules
{
    public const string DisabledByOperator = "Disabled by an operator.";
    public const string Hidden = "(hidden)";

    /// <summary>
    /// An endpoint's URL as those who may not change it see it: scheme, host and port. Path, query and user info go,
    /// because for Slack, Discord and many others the URL itself is the credential.
    /// </summary>
    public static string Shown(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Host}{(uri.IsDefaultPort ? "" : $":{uri.Port}")}/{(uri.PathAndQuery is "/" && uri.UserInfo.Length == 0 ? "" : "…")}"
            : Hidden;

    /// <summary>How long messages still carry a signature made with the secret a rotation replaced.</summary>
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// <summary>
    /// The wait before each retry: eight attempts in all, the last about 23 hours after the first, so an endpoint that
    /// is down for most of a day still gets the message. Each wait is stretched or shrunk by up to a tenth at random
    /// so that endpoints that failed together are not retried in one burst.
    /// </summary>
    public static readonly TimeSpan[] RetryDelays =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(4),
        TimeSpan.FromHours(8), TimeSpan.FromHours(10)
    ];

    public static int MaxAttempts => RetryDelays.Length + 1;

    public static Outcome Register(
        Guid endpointId, WebhookRequest request, string? urlProblem, IReadOnlyCollection<Guid> knownComponents, string protectedSecret,
        DateTimeOffset now)
    {
        var (settings, rejection) = Settings(request, null, urlProblem, knownComponents);
        if (rejection is not null) return new Outcome([], rejection);
        return Outcome.Accept(new WebhookEndpointRegistered(endpointId, settings!, request.Enabled ?? true, protectedSecret, now));
    }

    /// <summary>One event for new settings, one for switching it on or off: the history says exactly what moved.</summary>
    public static Outcome Change(
        WebhookEndpoint endpoint, WebhookRequest request, string? urlProblem, IReadOnlyCollection<Guid> knownComponents, DateTimeOffset now)
    {
        if (endpoint.Removed) return Gone(endpoint);
        var (settings, rejection) = Settings(request, endpoint.Settings, urlProblem, knownComponents);
        if (rejection is not null) return new Outcome([], rejection);

        var events = new List<object>();
        if (!Same(settings!, endpoint.Settings)) events.Add(new WebhookEndpointChanged(endpoint.Id, endpoint.Settings, settings!, now));
        if (request.Enabled is true && !endpoint.Enabled) events.Add(new WebhookEndpointEnabled(endpoint.Id, now));
        if (request.Enabled is false && endpoint.Enabled) events.Add(new WebhookEndpointDisabled(endpoint.Id, DisabledByOperator, false, now));
        return Outcome.Accept(events);
    }

    public static Outcome RotateSecret(WebhookEndpoint endpoint, string protectedSecret, DateTimeOffset now) =>
        endpoint.Removed ? Gone(endpoint) : Outcome.Accept(new WebhookSecretRotated(endpoint.Id, protectedSecret, now + RotationOverlap, now));

    public static Outcome Remove(WebhookEndpoint endpoint, DateTimeOffset now) =>
        endpoint.Removed ? Gone(endpoint) : Outcome.Accept(new WebhookEndpointRemoved(endpoint.Id, now));

    /// <summary>Whether the endpoint is sent a change of this type touching these components.</summary>
    public static bool Wants(WebhookEndpoint endpoint, NoticeType type, IReadOnlyCollection<Guid> components) =>
        endpoint is { Enabled: true, Removed: false }
        && (endpoint.EventTypes.Count == 0 || endpoint.EventTypes.Contains(type))
        && (endpoint.ComponentIds.Count == 0 || endpoint.ComponentIds.Any(components.Contains));

    /// <summary>The protected secrets a message sent now is signed with: the current one, and the replaced one while it overlaps.</summary>
    public static IReadOnlyList<string> SigningSecrets(WebhookEndpoint endpoint, DateTimeOffset now) =>
        endpoint is { PreviousSecret: { } previous, PreviousSecretUntil: { } until } && now < until ? [endpoint.Secret, previous] : [endpoint.Secret];

    /// <param name="attemptsMade">How many attempts of the message have failed so far.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    /// <returns>When to try again, or null when the message has had all its attempts.</returns>
    public static TimeSpan? NextRetry(int attemptsMade, double jitter) =>
        attemptsMade < 1 || attemptsMade > RetryDelays.Length ? null : RetryDelays[attemptsMade - 1] * (0.9 + 0.2 * jitter);

    /// <summary>
    /// A message that used up its attempts disables the endpoint when nothing was delivered to it since that message's
    /// first attempt: every message of the last day failed, so the endpoint is dead rather than flaky. One success in
    /// between and the endpoint stays, because it is still taking messages.
    /// </summary>
    public static Outcome GiveUp(WebhookEndpoint endpoint, DateTimeOffset firstAttemptAt, DateTimeOffset? lastSuccessAt, DateTimeOffset now) =>
        !endpoint.Enabled || endpoint.Removed || lastSuccessAt >= firstAttemptAt
            ? Outcome.Accept()
            : Outcome.Accept(new WebhookEndpointDisabled(endpoint.Id,
                $"Every delivery since {firstAttemptAt:u} failed, each after {MaxAttempts} attempts.", true, now));

    private static (WebhookSettings?, Rejection?) Settings(
        WebhookRequest request, WebhookSettings? current, string? urlProblem, IReadOnlyCollection<Guid> knownComponents)
    {
        if (current is null && string.IsNullOrWhiteSpace(request.Url)) return (null, Invalid("url", "'url' is required."));
        if (request.Url is not null && urlProblem is not null) return (null, Invalid("url", $"'url' {urlProblem}."));
        var rejection = Text.Optional(request.Description, "description", Text.MaxDescriptionLength)
                        ?? (request.Url?.Length > 2_000 ? Invalid("url", "'url' is longer than 2000 characters.") : null);
        if (rejection is not null) return (null, rejection);

        var types = new List<NoticeType>();
        foreach (var name in request.EventTypes ?? [])
        {
            if (Notices.Parse(name) is not { } type)
                return (null, Invalid("eventTypes", $"Unknown event type '{name}': use {string.Join(", ", Notices.Names)}, or none for all."));
            if (!types.Contains(type)) types.Add(type);
        }

        var unknown = (request.ComponentIds ?? []).Where(id => !knownComponents.Contains(id)).ToList();
        if (unknown.Count > 0) return (null, Invalid("componentIds", $"Unknown component(s): {string.Join(", ", unknown)}."));

        return (new WebhookSettings(
            request.Url?.Trim() ?? current!.Url,
            request.Description is null ? current?.Description : request.Description.Length == 0 ? null : request.Description,
            request.EventTypes is null ? current?.EventTypes ?? [] : types,
            request.ComponentIds?.Distinct().ToList() ?? current?.ComponentIds ?? []), null);
    }

    private static bool Same(WebhookSettings a, WebhookSettings b) =>
        a.Url == b.Url && a.Description == b.Description && a.EventTypes.SequenceEqual(b.EventTypes) && a.ComponentIds.SequenceEqual(b.ComponentIds);

    private static Rejection Invalid(string field, string detail) => Rejection.Invalid(field, detail);

    private static Outcome Gone(WebhookEndpoint endpoint) => Outcome.NotFound($"Webhook endpoint {endpoint.Id} has been removed.");
}
