using StatusPage.Domain.Notifications;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Subscribers;

namespace StatusPage.Domain.Tests;

public sealed class SubscriberRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Api = Guid.NewGuid();
    private static readonly HashSet<Guid> Known = [Api];

    private static Subscriber Fold(params object[] events)
    {
        var subscriber = Subscriber.Create((SubscriberSignedUp)events[0]);
        foreach (var e in events.Skip(1))
            switch (e)
            {
                case SubscriberSignedUp x: subscriber.Apply(x); break;
                case SubscriberVerificationRequested x: subscriber.Apply(x); break;
                case SubscriberVerified x: subscriber.Apply(x); break;
                case SubscriberUnsubscribed x: subscriber.Apply(x); break;
                case SubscriberBounced x: subscriber.Apply(x); break;
            }

        return subscriber;
    }

    private static Outcome Subscribe(Subscriber? existing, string email = "Reader@Example.com", DateTimeOffset? at = null, bool consent = false) =>
        SubscriberRules.Subscribe(existing, Guid.NewGuid(), email, [Api], Known, SubscriptionSource.Page, consent, at ?? Now);

    [Fact]
    public void A_new_address_signs_up_pending_and_asks_for_one_verification()
    {
        var outcome = Subscribe(null);
        Assert.Collection(outcome.Events,
            e => Assert.Equal("reader@example.com", Assert.IsType<SubscriberSignedUp>(e).Email),
            e => Assert.Equal(Now + SubscriberRules.VerificationLifetime, Assert.IsType<SubscriberVerificationRequested>(e).ExpiresAt));
        Assert.Equal(SubscriberState.Pending, Fold(outcome.Events.ToArray()).State);
    }

    [Fact]
    public void Asking_again_within_the_hour_sends_nothing_more_and_after_it_one_more()
    {
        var pending = Fold(Subscribe(null).Events.ToArray());
        Assert.Empty(Subscribe(pending, at: Now.AddMinutes(59)).Events);
        Assert.IsType<SubscriberVerificationRequested>(Assert.Single(Subscribe(pending, at: Now.AddMinutes(61)).Events));
        Assert.Empty(Subscribe(Fold([.. Subscribe(null).Events, new SubscriberVerified(pending.Id, Now)])).Events);
        Assert.Equal(RejectionKind.Conflict, SubscriberRules.ResendVerification(pending, Now.AddMinutes(30)).Rejection!.Kind);
    }

    [Fact]
    public void Stated_consent_verifies_without_a_mail_and_an_unsubscribed_address_can_come_back()
    {
        var imported = Subscribe(null, consent: true);
        Assert.True(Assert.IsType<SubscriberSignedUp>(Assert.Single(imported.Events)).ConsentStated);
        Assert.Equal(SubscriberState.Verified, Fold(imported.Events.ToArray()).State);
        var left = Fold([.. imported.Events, new SubscriberUnsubscribed(Guid.Empty, "one-click", Now)]);
        Assert.Equal(SubscriberState.Unsubscribed, left.State);
        Assert.Equal(SubscriberState.Pending, Fold([.. imported.Events, new SubscriberUnsubscribed(Guid.Empty, "one-click", Now), .. Subscribe(left).Events]).State);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("a@b")]
    [InlineData("Name <a@example.com>")]
    [InlineData("a@example.com\r\nBcc: b@example.com")]
    [InlineData("a@example.com\n")]
    [InlineData("a@example.com, b@example.com")]
    [InlineData("\"quoted\"@example.com")]
    public void Only_plain_addresses_are_taken(string email) =>
        Assert.Equal(RejectionKind.Invalid, Subscribe(null, email).Rejection!.Kind);

    [Fact]
    public void Unknown_components_are_refused_and_an_empty_choice_follows_the_whole_page()
    {
        Assert.Contains("componentIds", SubscriberRules.Subscribe(null, Guid.NewGuid(), "a@example.com", [Guid.NewGuid()], Known,
            SubscriptionSource.Page, false, Now).Rejection!.Detail);
        Assert.True(SubscriberRules.Follows([], [Api]));
        Assert.True(SubscriberRules.Follows([Api], [Api, Guid.NewGuid()]));
        Assert.False(SubscriberRules.Follows([Api], [Guid.NewGuid()]));
        Assert.True(SubscriberRules.Follows([Api], []));
    }

    [Fact]
    public void Permanent_refusals_give_the_address_up_at_the_limit()
    {
        var subscriber = Fold(Subscribe(null, consent: true).Events.ToArray());
        var first = Assert.IsType<SubscriberBounced>(Assert.Single(SubscriberRules.Bounce(subscriber, "550", 2, Now).Events));
        Assert.False(first.GivenUp);
        subscriber.Apply(first);
        var second = Assert.IsType<SubscriberBounced>(Assert.Single(SubscriberRules.Bounce(subscriber, "550", 2, Now).Events));
        Assert.True(second.GivenUp);
        subscriber.Apply(second);
        Assert.Equal(SubscriberState.Bounced, subscriber.State);
        Assert.Empty(SubscriberRules.Bounce(subscriber, "550", 2, Now).Events);
    }

    [Fact]
    public void Notification_preferences_default_to_the_seed_and_change_by_merge_patch()
    {
        var organization = new Organization { Id = Guid.NewGuid(), Name = "Acme", Slug = "acme" };
        Assert.True(organization.NotificationPreferences.Emails(NoticeType.IncidentCreated));
        Assert.False(organization.NotificationPreferences.Emails(NoticeType.ComponentStatusChanged));

        var outcome = OrganizationRules.Change(organization,
            new OrganizationChanges(NotificationPreferences: new NotificationPreferencesPatch(null, ["Owner@Example.com"])), false, false, Now);
        var changed = Assert.IsType<OrganizationNotificationPreferencesChanged>(Assert.Single(outcome.Events));
        Assert.Equal(["owner@example.com"], changed.NewPreferences.OwnerEmails);
        Assert.Equal(NotificationPreferences.Default.EmailedNotices, changed.NewPreferences.EmailedNotices);
        Assert.Equal(RejectionKind.Invalid, OrganizationRules.Change(organization,
            new OrganizationChanges(NotificationPreferences: new NotificationPreferencesPatch(["incident.exploded"], null)), false, false, Now).Rejection!.Kind);
        Assert.Empty(OrganizationRules.Change(organization,
            new OrganizationChanges(NotificationPreferences: new NotificationPreferencesPatch(NotificationPreferences.Default.EmailedNotices, [])), false, false, Now).Events);
    }
}
