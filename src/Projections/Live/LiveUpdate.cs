using System.Text.Json;

namespace StatusPage.Projections.Live;

/// <summary>
/// One change as a live client receives it: the event's global sequence (the SSE id), its topic, whether the
/// public page may show it, and the changed read model as JSON.
/// </summary>
public sealed record LiveUpdate(Guid OrganizationId, long Sequence, string Topic, bool Public, JsonElement Data)
{
    /// <summary>The Redis channel of the seed's pipeline: org:{orgId}:{topic}.</summary>
    public string Channel => $"org:{OrganizationId}:{Topic}";

    public static string ChannelPattern => "org:*";
}
