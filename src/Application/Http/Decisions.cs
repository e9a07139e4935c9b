using Microsoft.AspNetCore.Http;
using StatusPage.Domain.Shared;

namespace StatusPage.Application.Http;

/// <summary>Turns a domain decision into Wolverine's "response plus events to append" return value.</summary>
public static class Decisions
{
    public sealed record Written(Guid Id, long Version);

    /// <summary>
    /// Events for the aggregate Wolverine loaded go back as <see cref="Events"/>; the response carries the stream's
    /// new version (and ETag) so the caller can send it back as its next expected version.
    /// </summary>
    public static (IResult, Events) Respond(HttpContext http, Outcome outcome, Guid id, long currentVersion, int successStatus = StatusCodes.Status200OK)
    {
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), new Events());

        var own = Append(outcome);
        var version = currentVersion + own.Count;
        ExpectedVersion.Tag(http, version);
        return (Results.Json(new Written(id, version), statusCode: successStatus), own);
    }

    /// <summary>A decision that begins a new stream: 201 with its id and version 1..n, or the refusal.</summary>
    public static (IResult, IMartenOp) Start<TAggregate>(HttpContext http, Outcome outcome, Guid id) where TAggregate : class
    {
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), MartenOps.Nothing());
        ExpectedVersion.Tag(http, outcome.Events.Count);
        return (Results.Json(new Written(id, outcome.Events.Count), statusCode: StatusCodes.Status201Created),
            MartenOps.StartStream<TAggregate>(id, outcome.Events.ToArray()));
    }

    public static Events Append(Outcome outcome)
    {
        var events = new Events();
        events.AddRange(outcome.Events);
        return events;
    }
}
