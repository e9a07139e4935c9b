using StatusPage.Application.Email;
using StatusPage.Domain.Alerts;

namespace StatusPage.Application.Alerts;

public static class RotateAlertSourceTokenEndpoint
{
    /// <summary>A new token, shown in this answer only; the old one is refused from now on.</summary>
    [Authorize(Policy = Policies.Write)]
    [WolverinePost("/api/orgs/{org}/alert-sources/{id}/rotate-token", OperationId = "rotateAlertSourceToken")]
    public static (IResult, Events) Post(
        [WriteAggregate("id")] AlertSource source, AlertTokens tokens, EmailOptions links, HttpContext http, TimeProvider clock)
    {
        var (secret, protectedToken) = tokens.Generate();
        var outcome = AlertRules.RotateToken(source, protectedToken, clock.GetUtcNow());
        if (outcome.Rejection is { } rejection) return (Problems.From(rejection), new Events());
        var version = source.Version + outcome.Events.Count;
        ExpectedVersion.Tag(http, version);
        return (Results.Ok(new CreatedAlertSource(source.Id, version, AlertSourceView.UrlOf(source.Id, links), secret)), Decisions.Append(outcome));
    }
}
