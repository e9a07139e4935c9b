using StatusPage.Domain.Components;

namespace StatusPage.Application.Uptime;

/// <summary>A component as the history needs it: when it was added and its status now.</summary>
public sealed record StatusNow(Guid Id, DateTimeOffset CreatedAt, ComponentStatus Status)
{
    public static StatusNow Of(Component component) => new(component.Id, component.CreatedAt, component.Status);
}

/// <summary>
/// Components' statuses over a window, from one query: each one's status when the window opened (the old status of its
/// first change inside it, else its status now) and every change since.
/// </summary>
public static class StatusHistories
{
    public static async Task<Dictionary<Guid, List<StatusChange>>> Since(
        IQuerySession session, IReadOnlyCollection<StatusNow> components, DateTimeOffset since, CancellationToken token)
    {
        var ids = components.Select(c => c.Id).ToArray();
        var changes = (await session.Events.QueryRawEventDataOnly<ComponentStatusChanged>()
            .Where(e => e.At >= since && e.ComponentId.In(ids)).ToListAsync(token)).OrderBy(e => e.At).ToLookup(e => e.ComponentId);
        return components.ToDictionary(c => c.Id, c =>
        {
            var own = changes[c.Id].ToList();
            var history = new List<StatusChange> { new(c.CreatedAt > since ? c.CreatedAt : since, own.FirstOrDefault()?.OldStatus ?? c.Status) };
            history.AddRange(own.Select(e => new StatusChange(e.At, e.NewStatus)));
            return history;
        });
    }
}
