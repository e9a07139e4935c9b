using System.Text.Json;
using StackExchange.Redis;
using StatusPage.Projections;
using StatusPage.Projections.Live;
using StatusPage.Projections.Pages;

namespace StatusPage.Application.Pages;

/// <summary>
/// Tells every node and every live client that the public page changed, with its overall status, once the read
/// models show the change: nodes drop what they rendered, pages refresh what events alone cannot tell them.
/// </summary>
public static class PublicPageChangedHandler
{
    public static async Task Handle(PublicPageChanged message, IQuerySession session, IConnectionMultiplexer redis, CancellationToken token)
    {
        var page = await session.LoadAsync<PageView>(message.OrganizationId.ToString(), token);
        if (page is null) return;
        var status = JsonSerializer.SerializeToElement(new { page.Indicator, page.Description, page.UpdatedAt }, WireJson.Options);
        var update = new LiveUpdate(message.OrganizationId, 0, LiveUpdate.PageStatusTopic, true, status);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(update.Channel), JsonSerializer.Serialize(update, WireJson.Options));
    }
}
