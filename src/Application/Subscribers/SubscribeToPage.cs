using Microsoft.AspNetCore.RateLimiting;
using StatusPage.Domain.Subscribers;
using Wolverine;

namespace StatusPage.Application.Subscribers;

/// <param name="ComponentIds">The components to follow; none means the whole page.</param>
public sealed record SubscribeToPage(string? Email, List<Guid>? ComponentIds);

public static class SubscribeToPageEndpoint
{
    public const string Accepted = "If this address is not subscribed yet, a verification email is on its way. Nothing else is sent until its link is clicked.";

    /// <summary>Always 202 for a valid address, whatever the list already knows about it: the answer must not tell who is subscribed.</summary>
    [AllowAnonymous]
    [EnableRateLimiting(EmailSetup.SubscribeRateLimit)]
    [WolverinePost("/api/public/{slug}/subscribers", OperationId = "subscribe")]
    public static async Task<IResult> Post(string slug, SubscribeToPage command, Subscriptions subscriptions, IMessageBus bus, CancellationToken token)
    {
        if (await subscriptions.Page(slug, token) is not { } organization) return Problems.NotFound("Status page", slug);
        var rejection = await subscriptions.Subscribe(organization.Id, [new Signup(command.Email, command.ComponentIds)], SubscriptionSource.Page,
            consentStated: false, bus, token);
        return rejection is null ? Results.Json(new { message = Accepted }, statusCode: StatusCodes.Status202Accepted) : Problems.From(rejection);
    }
}
