using StatusPage.Application.Organizations;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Subscribers;
using Wolverine;

namespace StatusPage.Application.Subscribers;

public static class ImportSubscribersEndpoint
{
    public sealed record Imported(int Rows);

    /// <summary>
    /// A CSV body (text/csv): one address a line, optionally followed by a comma and the component ids to follow,
    /// separated by semicolons; a first line "email,…" is a header. Imported addresses are asked to verify like any
    /// other, unless <c>consented=true</c> states that their owners already agreed. All rows or none, and none when they
    /// would take the organization past its imports of the last 24 hours.
    /// </summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/subscribers/import", OperationId = "importSubscribers")]
    public static async Task<IResult> Post(
        HttpRequest request, bool? consented, System.Security.Claims.ClaimsPrincipal user, Subscriptions subscriptions, IQuerySession session,
        TenantLimits limits, TimeProvider clock, IMessageBus bus, CancellationToken token)
    {
        var rows = new List<Signup>();
        using var reader = new StreamReader(request.Body);
        while (await reader.ReadLineAsync(token) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line) || rows.Count == 0 && line.StartsWith("email", StringComparison.OrdinalIgnoreCase)) continue;
            var cells = line.Split(',', 2);
            var ids = new List<Guid>();
            foreach (var cell in (cells.ElementAtOrDefault(1) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Guid.TryParse(cell, out var id)) return Problems.Invalid($"Row {rows.Count + 1}: '{cell}' is not a component id.");
                ids.Add(id);
            }

            rows.Add(new Signup(cells[0].Trim().Trim('"'), ids));
        }

        if (rows.Count == 0) return Problems.Invalid("The body has no rows: send text/csv with one email address a line.");
        var since = clock.GetUtcNow().AddDays(-1);
        var imported = await session.Query<Subscriber>().CountAsync(s => s.Source == SubscriptionSource.Import && s.SubscribedAt > since, token);
        if (Quotas.Check("subscribers imported in the last 24 hours", imported, rows.Count, limits.SubscriberImportsPerDay,
                "Limits:SubscriberImportsPerDay") is { } quota) return Problems.From(quota);
        var rejection = await subscriptions.Subscribe(user.OrganizationId()!.Value, rows, SubscriptionSource.Import, consented ?? false, bus, token);
        return rejection is null ? Results.Ok(new Imported(rows.Count)) : Problems.From(rejection);
    }
}
