using System.Text.Json;

namespace StatusPage.Projections.Live;

/// <summary>
/// One change as a live client receives it: the event's global sequence (the SSE id), its topic, whether the
/// public page may show it, and the changed read model as JSON. A notice derived from read models rather than
/// one event (the page's overall status) has sequence 0: it carries no id and is not replayed.
/// </summary>
public sealed record LiveUpdate(Guid OrganizationId, long Sequence, string Topic, bool Public, JsonElement Data)
{
    public const string PageStatusTopic = "page:status";

    public bool Replayable => Sequence > 0;

    /// <summary>The Redis channel of the seed's pipeline: org:{orgId}:{topic}.</summary>
    public string Channel => $"org:{OrganizationId}:{Topic}";

    public static string ChannelPattern => "org:*";
}
