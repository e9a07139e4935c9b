using StatusPage.Domain.Alerts;

namespace StatusPage.Application.Alerts;

public static class RemoveAlertSourceEndpoint
{
    /// <summary>Its URL answers 401 from now on; the components its alerts set keep their status for an operator to decide.</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverineDelete("/api/orgs/{org}/alert-sources/{id}", OperationId = "removeAlertSource")]
    public static (IResult, Events) Delete([WriteAggregate("id")] AlertSource source, TimeProvider clock)
    {
        var outcome = AlertRules.Remove(source, clock.GetUtcNow());
        return outcome.Rejection is { } rejection ? (Problems.From(rejection), new Events()) : (Results.NoContent(), Decisions.Append(outcome));
    }
}
