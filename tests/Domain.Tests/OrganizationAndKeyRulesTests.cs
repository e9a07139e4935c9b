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
