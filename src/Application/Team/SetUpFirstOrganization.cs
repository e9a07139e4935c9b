using Microsoft.AspNetCore.Identity;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Team;

namespace StatusPage.Application.Team;

/// <summary>A fresh installation's first run: the first organization and its owner's account, once, before anyone else exists.</summary>
public sealed record SetUpFirstOrganization(string? OrganizationName, string? Slug, string? TimeZone, string? Name, string? Email, string? Password);

public static class SetUpFirstOrganizationEndpoint
{
    public sealed record Installation(bool HasOperators, bool SlugTaken);

    public static async Task<Installation> LoadAsync(SetUpFirstOrganization command, IQuerySession session, CancellationToken token) =>
        new(await NeedsSetUp(session, token) is false,
            await session.Query<Organization>().AnyAsync(o => o.Slug == command.Slug, token));

    public static async Task<bool> NeedsSetUp(IQuerySession session, CancellationToken token) => !await session.Query<Operator>().AnyAsync(token);

    [WolverinePost("/api/setup", OperationId = "setUpFirstOrganization")]
    public static IResult Post(
        SetUpFirstOrganization command, Installation installation, IDocumentSession session, IPasswordHasher<Operator> hasher,
        TimeProvider clock)
    {
        if (installation.HasOperators)
            return Problems.Result(StatusCodes.Status409Conflict, "Conflict", "This installation is already set up; sign in instead.");
        var now = clock.GetUtcNow();
        var organizationId = Guid.NewGuid();
        var organization = OrganizationRules.Create(organizationId, command.OrganizationName, command.Slug, command.TimeZone,
            installation.SlugTaken, now);
        // The form asks for two names; the organization's is the one the set-up calls organizationName.
        if (organization.Rejection is { } rejection) return Problems.From(rejection with { Detail = rejection.Detail.Replace("'name'", "'organizationName'"), Field = rejection.Field == "name" ? "organizationName" : rejection.Field });
        var registered = OperatorRules.Register(Guid.NewGuid(), command.Email, command.Name, command.Password, hasher.Hasher(), false, now);
        if (registered.Rejection is { } invalid) return Problems.From(invalid);

        var person = Operator.Create((OperatorRegistered)registered.Events[0]);
        var memberId = Guid.NewGuid();
        var joined = MemberRules.Join(memberId, organizationId, person, Role.Owner, false, now);
        session.Events.StartStream<Organization>(organizationId, organization.Events.ToArray());
        session.Events.StartStream<Operator>(person.Id, registered.Events.ToArray());
        session.Events.StartStream<Member>(memberId, joined.Events.ToArray());
        return Results.Json(new InvitationAcceptedResponse(memberId, organizationId, person.Email), statusCode: StatusCodes.Status201Created);
    }
}
