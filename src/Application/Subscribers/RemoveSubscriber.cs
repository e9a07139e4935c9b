using StatusPage.Domain.Subscribers;

namespace StatusPage.Application.Subscribers;

/// <summary>Takes the address off the list; its stream stays, as the record of what it had agreed to and when.</summary>
public static class RemoveSubscriberEndpoint
{
    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/subscribers/{id}", OperationId = "removeSubscriber")]
    public static (IResult, Events) Delete([WriteAggregate("id")] Subscriber subscriber, TimeProvider clock)
    {
        var outcome = SubscriberRules.Remove(subscriber, clock.GetUtcNow());
        return outcome.Rejection is { } rejection ? (Problems.From(rejection), new Events()) : (Results.NoContent(), Decisions.Append(outcome));
    }
}
