using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Identity;
using StatusPage.Application.Access;
using StatusPage.Application.Team;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Components;
using StatusPage.Domain.Incidents;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Team;

namespace StatusPage.Host.Demo;

/// <summary>
/// With Demo:Enabled, the first start creates the "demo" organization (grouped components, one resolved incident)
/// through the same domain decisions as the API, and every start prints its key, its owner's dashboard login and the
/// admin token. The key and password are kept under Demo:DataFolder because only their hashes are stored.
/// </summary>
public sealed class DemoOrganization(
    IDocumentStore store, IConfiguration configuration, TimeProvider clock, IPasswordHasher<Operator> hasher, ILogger<DemoOrganization> logger)
    : IHostedService
{
    private const string Slug = "demo";
    private const string DemoEmail = "demo@example.com";

    public async Task StartAsync(CancellationToken token)
    {
        var folder = configuration["Demo:DataFolder"] ?? ".data";
        Directory.CreateDirectory(folder);
        var keyFile = Path.Combine(folder, "demo-api-key.json");

        await using var session = store.LightweightSession();
        var existing = await session.Query<Organization>().FirstOrDefaultAsync(o => o.Slug == Slug, token);
        if (existing is null || !File.Exists(keyFile))
        {
            var key = await Create(session, existing, token);
            await File.WriteAllTextAsync(keyFile, JsonSerializer.Serialize(key), token);
        }

        var demo = JsonSerializer.Deserialize<DemoKey>(await File.ReadAllTextAsync(keyFile, token))!;
        if (demo.Password is null && await CreateLogin(session, demo.OrganizationId, token) is { } password)
        {
            demo = demo with { Password = password };
            await File.WriteAllTextAsync(keyFile, JsonSerializer.Serialize(demo), token);
        }

        logger.LogWarning(
            "Demo organization '{Slug}' ({OrganizationId}) API key: {ApiKey}  Dashboard (/dashboard): {Email} / {Password}  Admin token: {AdminToken}",
            Slug, demo.OrganizationId, demo.ApiKey, DemoEmail, demo.Password ?? "(kept elsewhere)", configuration["Admin:Token"] ?? "(none set)");
    }

    /// <summary>The demo organization's owner account; null when it exists already and its password was not kept here.</summary>
    private async Task<string?> CreateLogin(IDocumentSession session, Guid organizationId, CancellationToken token)
    {
        if (await session.Query<Operator>().AnyAsync(o => o.Email == DemoEmail, token)) return null;
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12));
        var now = clock.GetUtcNow();
        var registered = Accepted(OperatorRules.Register(Guid.NewGuid(), DemoEmail, "Demo Owner", password, hasher.Hasher(), false, now));
        var person = Operator.Create((OperatorRegistered)registered[0]);
        var memberId = Guid.NewGuid();
        session.Events.StartStream<Operator>(person.Id, registered);
        session.Events.StartStream<Member>(memberId, Accepted(MemberRules.Join(memberId, organizationId, person, Role.Owner, false, now)));
        await session.SaveChangesAsync(token);
        return password;
    }

    public Task StopAsync(CancellationToken token) => Task.CompletedTask;

    private async Task<DemoKey> Create(IDocumentSession session, Organization? existing, CancellationToken token)
    {
        var now = clock.GetUtcNow();
        var organizationId = existing?.Id ?? Guid.NewGuid();
        if (existing is null)
        {
            session.Events.StartStream<Organization>(organizationId,
                Accepted(OrganizationRules.Create(organizationId, "Demo Company", Slug, "UTC", false, now)));
        }

        var (secret, prefix, hash) = ApiKeySecrets.Generate();
        var keyId = Guid.NewGuid();
        session.Events.StartStream<ApiKey>(keyId, Accepted(ApiKeyRules.Issue(keyId, organizationId, "Demo owner key", Role.Owner, prefix, hash, now)));
        if (existing is null) Populate(session.ForTenant(organizationId.ToString()), now.AddDays(-3));
        await session.SaveChangesAsync(token);
        return new DemoKey(organizationId, secret);
    }

    private static void Populate(ITenantOperations tenant, DateTimeOffset past)
    {
        var groups = new[] { ("Platform", new[] { "API", "Web application" }), ("Infrastructure", new[] { "Database", "Email delivery" }) };
        var components = new List<Component>();
        for (var g = 0; g < groups.Length; g++)
        {
            var groupId = Guid.NewGuid();
            tenant.Events.StartStream<ComponentGroup>(groupId, Accepted(ComponentGroupRules.Add(groupId, groups[g].Item1, null, g, past)));
            for (var c = 0; c < groups[g].Item2.Length; c++)
            {
                var id = Guid.NewGuid();
                var added = Accepted(ComponentRules.Add(id, groups[g].Item2[c], null, groupId, true, c, ComponentStatus.Operational, past));
                tenant.Events.StartStream<Component>(id, added);
                components.Add(Component.Create((ComponentAdded)added[0]));
            }
        }

        var api = components[0];
        var incidentId = Guid.NewGuid();
        var declared = Accepted(IncidentRules.Declare(incidentId, Guid.NewGuid(), "Elevated API error rates", IncidentImpact.Minor,
            IncidentStatus.Investigating, "We are investigating elevated error rates on the API.",
            new Dictionary<Guid, ComponentStatus> { [api.Id] = ComponentStatus.DegradedPerformance }, components, false, past));
        var incident = Incident.Create((IncidentDeclared)declared[0]);
        api.Apply((ComponentStatusChanged)declared[1]);
        var resolved = Accepted(IncidentRules.PostUpdate(incident, Guid.NewGuid(), IncidentStatus.Resolved,
            "A faulty deploy was rolled back; error rates are back to normal.",
            new Dictionary<Guid, ComponentStatus> { [api.Id] = ComponentStatus.Operational }, components, false, past.AddMinutes(42)));

        tenant.Events.StartStream<Incident>(incidentId, declared[0], resolved[0]);
        tenant.Events.Append(api.Id, declared[1], resolved[1]);
    }

    private static object[] Accepted(Outcome outcome) =>
        outcome.Accepted ? outcome.Events.ToArray() : throw new InvalidOperationException(outcome.Rejection!.Detail);

    private sealed record DemoKey(Guid OrganizationId, string ApiKey, string? Password = null);
}

public static class DemoRegistration
{
    public static IServiceCollection AddDemoOrganization(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Demo:Enabled")) services.AddHostedService<DemoOrganization>();
        return services;
    }
}
