namespace StatusPage.Testing;

public sealed record WebhookAnswer(
    Guid Id, string Url, string? Description, bool Enabled, List<string> EventTypes, List<Guid> ComponentIds, string? DisabledReason,
    DateTimeOffset? PreviousSecretUntil);

public sealed record WebhookSecretAnswer(Guid Id, string Secret);

public sealed record DeliveryPageAnswer(List<DeliveryAnswer> Deliveries);

/// <summary>A logged message with its attempts, newest first.</summary>
public sealed record DeliveryAnswer(Guid Id, string WebhookId, string Type, string State, List<AttemptAnswer> Attempts);

public sealed record AttemptAnswer(int? Number, DateTimeOffset At, DateTimeOffset? NextAttemptAt, int? StatusCode, bool Succeeded, string? Response);

public sealed record PingAnswer(bool Succeeded, int? StatusCode, string? Error, long LatencyMs);
