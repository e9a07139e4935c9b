using Marten.Pagination;
using StatusPage.Application.History;
using StatusPage.Domain.Subscribers;

namespace StatusPage.Application.Subscribers;

public sealed record SubscriberRow(
    Guid Id, string Email, SubscriberState State, IReadOnlyList<Guid> Components, int Bounces, DateTimeOffset SubscribedAt,
    DateTimeOffset? VerifiedAt, DateTimeOffset UpdatedAt)
{
    public static SubscriberRow Of(Subscriber s) => new(s.Id, s.Email, s.State, s.Components, s.Bounces, s.SubscribedAt, s.VerifiedAt, s.UpdatedAt);
}

public sealed record SubscriberList(IReadOnlyList<SubscriberRow> Subscribers, int Page, int PageSize, long Total);

public static class ListSubscribersEndpoint
{
    private const int PageSize = 50;

    /// <summary>Newest first; <c>state</c> is pending, verified, unsubscribed or bounced; <c>search</c> matches part of the address.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/subscribers", OperationId = "listSubscribers")]
    public static async Task<IResult> Get(string? state, string? search, int? page, IQuerySession session, CancellationToken token)
    {
        if (!Paging.TryNumber(page, PageSize, out var number, out var refusal)) return refusal;
        var query = session.Query<Subscriber>().Where(s => s.State != SubscriberState.Removed);
        if (state is not null)
        {
            if (!Paging.TryStatus<SubscriberState>(state, out var wanted) || wanted == SubscriberState.Removed)
                return Problems.Invalid("state", "'state' is one of pending, verified, unsubscribed, bounced.");
            query = query.Where(s => s.State == wanted);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var part = search.Trim().ToLowerInvariant();
            query = query.Where(s => s.Email.Contains(part));
        }

        var rows = await query.OrderByDescending(s => s.SubscribedAt).ToPagedListAsync(number, PageSize, token);
        return Results.Ok(new SubscriberList(rows.Select(SubscriberRow.Of).ToList(), number, PageSize, rows.TotalItemCount));
    }

    /// <summary>The subscriber's consent trail: signed up, verification asked, verified, changes, unsubscribed, bounced.</summary>
    [Authorize(Policy = Policies.Read)]
    [WolverineGet("/api/orgs/{org}/subscribers/{id}/events", OperationId = "subscriberHistory")]
    public static Task<IResult> History(Guid id, IQuerySession session, CancellationToken token) =>
        StreamHistoryEndpoints.Read<SubscriberSignedUp>("Subscriber", id, session, token);
}
