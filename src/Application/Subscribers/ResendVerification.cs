using StatusPage.Domain.Subscribers;
using Wolverine;

namespace StatusPage.Application.Subscribers;

public static class ResendVerificationEndpoint
{
    /// <summary>202 when a new verification mail is queued; 409 for a subscriber who is not pending or was mailed within the hour.</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/subscribers/{id}/resend-verification", OperationId = "resendVerification")]
    public static (IResult, Events, OutgoingMessages) Post([WriteAggregate("id")] Subscriber subscriber, TimeProvider clock)
    {
        var outcome = SubscriberRules.ResendVerification(subscriber, clock.GetUtcNow());
        return outcome.Rejection is { } rejection
            ? (Problems.From(rejection), new Events(), new OutgoingMessages())
            : (Results.Accepted(), Decisions.Append(outcome), [new VerificationMail(subscriber.Id)]);
    }
}
