namespace StatusPage.Projections.Webhooks;

/// <summary>
/// One message for one endpoint, its body kept byte for byte so that every retry and redelivery carries the same
/// signed content. Its id is the message's identity: <c>webhook-id</c> is "msg_" + the id.
/// </summary>
/// <param name="Sequence">The event's global sequence for changes, null for pings.</param>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public long? Sequence { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    public string MessageId => "msg_" + Id.ToString("N");
}

/// <summary>One try at delivering a message, as the delivery log shows it.</summary>
/// <param name="Number">The automatic attempt's number (1 is the first send), null for a redelivery someone asked for.</param>
/// <param name="Response">The first kilobyte of the answer's body.</param>
/// <param name="NextAttemptAt">When the message is tried again after this failure, if it is.</param>
public sealed record WebhookAttempt(
    Guid Id, Guid DeliveryId, Guid EndpointId, int? Number, DateTimeOffset At, bool Succeeded, int? StatusCode, string? Error,
    long LatencyMs, string? Response, DateTimeOffset? NextAttemptAt);
