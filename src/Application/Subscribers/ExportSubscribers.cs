using System.Text;
using StatusPage.Domain.Subscribers;

namespace StatusPage.Application.Subscribers;

public static class ExportSubscribersEndpoint
{
    /// <summary>
    /// Every subscriber still on the list as CSV, in the shape the import reads, with state and consent times after it:
    /// the whole list of addresses at once is for editors and owners, not viewers.
    /// </summary>
    [Authorize(Policy = Policies.Write)]
    [WolverineGet("/api/orgs/{org}/subscribers/export", OperationId = "exportSubscribers")]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken token)
    {
        var csv = new StringBuilder("email,componentIds,state,subscribedAt,verifiedAt\n");
        await foreach (var s in session.Query<Subscriber>().Where(s => s.State != SubscriberState.Removed).OrderBy(s => s.Email).ToAsyncEnumerable(token))
            csv.Append(Cell(s.Email)).Append(',').Append(string.Join(';', s.Components)).Append(',').Append(s.State.ToString().ToLowerInvariant())
                .Append(',').Append(s.SubscribedAt.ToString("O")).Append(',').Append(s.VerifiedAt?.ToString("O")).Append('\n');
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    /// <summary>Addresses may begin with = + - or @, which spreadsheets would run as a formula.</summary>
    private static string Cell(string value) => value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value;
}
