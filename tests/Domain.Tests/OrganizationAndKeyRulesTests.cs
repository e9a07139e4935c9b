using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Tests;

public sealed class OrganizationAndKeyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("acme")]
    [InlineData("acme-cloud-2")]
    [InlineData("a1")]
    public void Valid_slugs_are_accepted(string slug) =>
        Assert.True(OrganizationRules.Create(Guid.NewGuid(), "Acme", slug, "America/New_York", false, Now).Accepted);

    [Theory]
    [InlineData("Acme")]
    [InlineData("a")]
    [InlineData("-acme")]
    [InlineData("acme-")]
    [InlineData("ac--me")]
    [InlineData("ac me")]
    [InlineData("api")]
    [InlineData("dashboard")]
    [InlineData(null)]
    public void Invalid_or_reserved_slugs_are_refused(string? slug) =>
        ComponentRulesTests.AssertInvalid(OrganizationRules.Create(Guid.NewGuid(), "Acme", slug, null, false, Now), "slug");

    [Fact]
    public void Time_zones_must_exist_and_default_to_utc()
    {
        ComponentRulesTests.AssertInvalid(OrganizationRules.Create(Guid.NewGuid(), "Acme", "acme", "Mars/Olympus", false, Now), "Mars/Olympus");
        var created = Assert.IsType<OrganizationCreated>(Assert.Single(OrganizationRules.Create(Guid.NewGuid(), "Acme", "acme", null, false, Now).Events));
        Assert.Equal("UTC", created.TimeZone);
    }

    [Fact]
    public void A_taken_slug_is_a_conflict() =>
        Assert.Equal(RejectionKind.Conflict, OrganizationRules.Create(Guid.NewGuid(), "Acme", "acme", "UTC", true, Now).Rejection!.Kind);

    private static Organization Acme() =>
        Organization.Create((OrganizationCreated)OrganizationRules.Create(Guid.NewGuid(), "Acme", "acme", "UTC", false, Now).Events[0]);

    [Fact]
    public void Settings_change_one_event_per_setting_that_really_changes()
    {
        var acme = Acme();
        var outcome = OrganizationRules.Change(acme,
            new OrganizationChanges("Acme", "acme-cloud", " Europe/Berlin ", true, "Status.Acme.COM."), false, false, Now);
        Assert.Collection(outcome.Events,
            e => Assert.Equal(new OrganizationSlugChanged(acme.Id, "acme", "acme-cloud", Now), e),
            e => Assert.Equal(new OrganizationTimeZoneChanged(acme.Id, "UTC", "Europe/Berlin", Now), e),
            e => Assert.Equal(new OrganizationCustomDomainChanged(acme.Id, null, "status.acme.com", Now), e));
        foreach (var e in outcome.Events) acme.Apply((dynamic)e);
        Assert.Equal(("acme-cloud", "Europe/Berlin", "status.acme.com"), (acme.Slug, acme.TimeZone, acme.CustomDomain));

        Assert.Empty(OrganizationRules.Change(acme, new OrganizationChanges(ChangeCustomDomain: true, CustomDomain: "STATUS.acme.com"), false, false, Now).Events);
        var cleared = OrganizationRules.Change(acme, new OrganizationChanges(ChangeCustomDomain: true, CustomDomain: ""), false, false, Now);
        Assert.Equal(new OrganizationCustomDomainChanged(acme.Id, "status.acme.com", null, Now), Assert.Single(cleared.Events));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("status.acme.com:8080")]
    [InlineData("https://status.acme.com")]
    [InlineData("-status.acme.com")]
    [InlineData("status..acme.com")]
    [InlineData("10.0.0.1")]
    [InlineData("status acme.com")]
    public void Custom_domains_must_be_host_names(string domain) =>
        ComponentRulesTests.AssertInvalid(
            OrganizationRules.Change(Acme(), new OrganizationChanges(ChangeCustomDomain: true, CustomDomain: domain), false, false, Now), "customDomain");

    [Theory]
    [InlineData("status.example.com")]
    [InlineData("Status.Example.com.")]
    public void The_instance_host_is_no_custom_domain(string domain) =>
        ComponentRulesTests.AssertInvalid(
            OrganizationRules.Change(Acme(), new OrganizationChanges(ChangeCustomDomain: true, CustomDomain: domain), false, false, Now, "status.example.com"),
            "customDomain");

    [Fact]
    public void Changed_settings_obey_the_rules_of_creation_and_stay_unique()
    {
        var acme = Acme();
        ComponentRulesTests.AssertInvalid(OrganizationRules.Change(acme, new OrganizationChanges(Slug: "api"), false, false, Now), "reserved");
        ComponentRulesTests.AssertInvalid(OrganizationRules.Change(acme, new OrganizationChanges(Name: " "), false, false, Now), "name");
        ComponentRulesTests.AssertInvalid(OrganizationRules.Change(acme, new OrganizationChanges(TimeZone: "Mars/Olympus"), false, false, Now), "Mars/Olympus");
        Assert.Equal(RejectionKind.Conflict, OrganizationRules.Change(acme, new OrganizationChanges(Slug: "taken"), true, false, Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.Conflict,
            OrganizationRules.Change(acme, new OrganizationChanges(ChangeCustomDomain: true, CustomDomain: "status.x.io"), false, true, Now).Rejection!.Kind);
        Assert.True(OrganizationRules.Change(acme, new OrganizationChanges(Slug: "acme"), true, false, Now).Accepted);
    }

    [Fact]
    public void Keys_are_revoked_once_and_the_last_owner_key_stays()
    {
        var issued = (ApiKeyIssued)ApiKeyRules.Issue(Guid.NewGuid(), Guid.NewGuid(), "CI", Role.Owner, "sp_abc", "hash", Now).Events[0];
        var key = ApiKey.Create(issued);
        Assert.Equal(RejectionKind.Conflict, ApiKeyRules.Revoke(key, 0, Now).Rejection!.Kind);
        key.Apply(Assert.IsType<ApiKeyRevoked>(Assert.Single(ApiKeyRules.Revoke(key, 1, Now).Events)));
        Assert.True(key.Revoked);
        Assert.Equal(RejectionKind.NotFound, ApiKeyRules.Revoke(key, 1, Now).Rejection!.Kind);
    }

    [Fact]
    public void A_viewer_key_can_be_revoked_even_when_it_is_the_only_other_key()
    {
        var viewer = ApiKey.Create((ApiKeyIssued)ApiKeyRules.Issue(Guid.NewGuid(), Guid.NewGuid(), "Auditor", Role.Viewer, "sp_x", "h", Now).Events[0]);
        Assert.True(ApiKeyRules.Revoke(viewer, 0, Now).Accepted);
        ComponentRulesTests.AssertInvalid(ApiKeyRules.Issue(Guid.NewGuid(), Guid.NewGuid(), "", Role.Viewer, "sp_x", "h", Now), "name");
    }
}
