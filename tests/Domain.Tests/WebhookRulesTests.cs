using System.Security.Cryptography;
using System.Text;
using StatusPage.Domain.Notifications;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Domain.Tests;

public class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-28T10:00:00Z");
    private static readonly Guid Api = Guid.NewGuid();
    private static readonly Guid Db = Guid.NewGuid();

    [Fact]
    public void Registering_keeps_the_settings_and_defaults_to_enabled_for_every_type_and_component()
    {
        var id = Guid.NewGuid();
        var outcome = WebhookRules.Register(id, new WebhookRequest(" https://example.com/hook ", "Ops", null, null, null), null, [], "protected", Now);
        var registered = Assert.IsType<WebhookEndpointRegistered>(Assert.Single(outcome.Events));
        Assert.Equal(("https://example.com/hook", "Ops"), (registered.Settings.Url, registered.Settings.Description));
        Assert.Empty(registered.Settings.EventTypes);
        Assert.Empty(registered.Settings.ComponentIds);
        Assert.True(registered.Enabled);
        Assert.Equal("protected", registered.ProtectedSecret);
    }

    [Theory]
    [InlineData(null, null, "'url' is required.")]
    [InlineData("ftp://example.com", "must be an absolute http or https URL", "'url' must be an absolute http or https URL.")]
    public void A_missing_or_refused_url_is_invalid(string? url, string? problem, string detail)
    {
        var outcome = WebhookRules.Register(Guid.NewGuid(), new WebhookRequest(url, null, null, null, null), problem, [], "p", Now);
        Assert.Equal(Rejection.Invalid("url", detail), outcome.Rejection);
    }

    [Fact]
    public void Unknown_event_types_and_components_are_invalid()
    {
        var types = WebhookRules.Register(Guid.NewGuid(), new WebhookRequest("https://e.com", null, ["incident.exploded"], null, null), null, [], "p", Now);
        Assert.Contains("incident.exploded", types.Rejection!.Detail);
        var components = WebhookRules.Register(Guid.NewGuid(), new WebhookRequest("https://e.com", null, null, [Api, Db], null), null, [Api], "p", Now);
        Assert.Equal(Rejection.Invalid("componentIds", $"Unknown component(s): {Db}."), components.Rejection);
    }

    [Fact]
    public void A_change_records_old_and_new_settings_and_switching_on_or_off_separately()
    {
        var endpoint = Endpoint(types: ["incident.created"]);
        var outcome = WebhookRules.Change(endpoint, new WebhookRequest(null, null, ["incident.resolved"], [Api], false), null, [Api], Now);
        var changed = Assert.IsType<WebhookEndpointChanged>(outcome.Events[0]);
        Assert.Equal([NoticeType.IncidentCreated], changed.OldSettings.EventTypes);
        Assert.Equal([NoticeType.IncidentResolved], changed.NewSettings.EventTypes);
        Assert.Equal([Api], changed.NewSettings.ComponentIds);
        Assert.Equal("https://example.com/hook", changed.NewSettings.Url);
        Assert.Equal(new WebhookEndpointDisabled(endpoint.Id, WebhookRules.DisabledByOperator, false, Now), outcome.Events[1]);
        Assert.Empty(WebhookRules.Change(endpoint, new WebhookRequest(null, null, null, null, true), null, [], Now).Events);
    }

    [Fact]
    public void A_removed_endpoint_cannot_change()
    {
        var endpoint = Endpoint();
        endpoint.Apply(new WebhookEndpointRemoved(endpoint.Id, Now));
        Assert.Equal(RejectionKind.NotFound, WebhookRules.Change(endpoint, new WebhookRequest(null, "x", null, null, null), null, [], Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, WebhookRules.RotateSecret(endpoint, "p", Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.NotFound, WebhookRules.Remove(endpoint, Now).Rejection!.Kind);
    }

    [Fact]
    public void Filters_pick_types_and_components_and_empty_means_all()
    {
        Assert.True(WebhookRules.Wants(Endpoint(), NoticeType.MaintenanceStarted, [Db]));
        var filtered = Endpoint(types: ["incident.created", "incident.resolved"], components: [Api]);
        Assert.True(WebhookRules.Wants(filtered, NoticeType.IncidentResolved, [Db, Api]));
        Assert.False(WebhookRules.Wants(filtered, NoticeType.IncidentUpdated, [Api]));
        Assert.False(WebhookRules.Wants(filtered, NoticeType.IncidentCreated, [Db]));
        filtered.Apply(new WebhookEndpointDisabled(filtered.Id, "x", false, Now));
        Assert.False(WebhookRules.Wants(filtered, NoticeType.IncidentCreated, [Api]));
    }

    [Fact]
    public void A_rotation_signs_with_both_secrets_for_24_hours()
    {
        var endpoint = Endpoint();
        endpoint.Apply(Assert.IsType<WebhookSecretRotated>(Assert.Single(WebhookRules.RotateSecret(endpoint, "new", Now).Events)));
        Assert.Equal(["new", "old"], WebhookRules.SigningSecrets(endpoint, Now.AddHours(23)));
        Assert.Equal(["new"], WebhookRules.SigningSecrets(endpoint, Now.AddHours(24)));
    }

    [Fact]
    public void Retries_back_off_over_about_a_day_with_jitter_and_then_stop()
    {
        var waits = Enumerable.Range(1, WebhookRules.MaxAttempts).Select(n => WebhookRules.NextRetry(n, 0.5)).ToList();
        Assert.Null(waits[^1]);
        var delays = waits.Take(waits.Count - 1).Select(w => w!.Value).ToList();
        Assert.True(delays.Count >= 5);
        Assert.Equal(delays.OrderBy(d => d), delays);
        Assert.InRange(delays.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromHours(20), TimeSpan.FromHours(24));
        Assert.Equal(TimeSpan.FromSeconds(9), WebhookRules.NextRetry(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(11), WebhookRules.NextRetry(1, 1));
    }

    [Fact]
    public void Giving_up_disables_only_an_endpoint_that_took_nothing_since_the_message_was_first_sent()
    {
        var endpoint = Endpoint();
        var first = Now.AddHours(-24);
        var disabled = Assert.IsType<WebhookEndpointDisabled>(Assert.Single(WebhookRules.GiveUp(endpoint, first, first.AddHours(-1), Now).Events));
        Assert.True(disabled.Automatic);
        Assert.Empty(WebhookRules.GiveUp(endpoint, first, first.AddHours(2), Now).Events);
        endpoint.Apply(disabled);
        Assert.Empty(WebhookRules.GiveUp(endpoint, first, null, Now).Events);
    }

    [Fact]
    public void Signatures_follow_standard_webhooks()
    {
        var key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var secret = "whsec_" + Convert.ToBase64String(key);
        var body = "{\"a\":1}"u8.ToArray();
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("msg_1.1700000000.{\"a\":1}")));
        Assert.Equal(expected, WebhookSignatures.Sign(secret, "msg_1", 1700000000, body));
        Assert.Equal($"v1,{expected} v1,{expected}", WebhookSignatures.Header([secret, secret], "msg_1", 1700000000, body));
        Assert.StartsWith("whsec_", WebhookSignatures.NewSecret());
        Assert.Equal(32, Convert.FromBase64String(WebhookSignatures.NewSecret()[6..]).Length);
    }

    private static WebhookEndpoint Endpoint(string[]? types = null, Guid[]? components = null)
    {
        var outcome = WebhookRules.Register(Guid.NewGuid(), new WebhookRequest("https://example.com/hook", null, types, components, null), null,
            [Api, Db], "old", Now.AddDays(-1));
        return WebhookEndpoint.Create((WebhookEndpointRegistered)outcome.Events[0]);
    }
}
