using StatusPage.Domain.Notifications;
using StatusPage.Domain.Shared;

namespace StatusPage.Domain.Webhooks;

/// <summary>What an endpoint is sent: every change of the listed types (all when empty) that touches a listed component (any when empty).</summary>
public sealed record WebhookSettings(string Url, string? Description, IReadOnlyList<NoticeType> EventTypes, IReadOnlyList<Guid> ComponentIds)
{
    public WebhookSettings WithoutSecrets() => this with { Url = WebhookRules.Shown(Url) };
}

/// <param name="ProtectedSecret">The signing secret as Data Protection encrypted it: nothing reads it back but the sender.</param>
public sealed record WebhookEndpointRegistered(Guid EndpointId, WebhookSettings Settings, bool Enabled, string ProtectedSecret, DateTimeOffset At)
    : ICarriesSecrets
{
    public object WithoutSecrets() => this with { Settings = Settings.WithoutSecrets(), ProtectedSecret = WebhookRules.Hidden };
}

public sealed record WebhookEndpointChanged(Guid EndpointId, WebhookSettings OldSettings, WebhookSettings NewSettings, DateTimeOffset At)
    : ICarriesSecrets
{
    public object WithoutSecrets() => this with { OldSettings = OldSettings.WithoutSecrets(), NewSettings = NewSettings.WithoutSecrets() };
}

public sealed record WebhookEndpointEnabled(Guid EndpointId, DateTimeOffset At);

/// <param name="Automatic">Disabled by the sender because deliveries kept failing, rather than by a person or key.</param>
public sealed record WebhookEndpointDisabled(Guid EndpointId, string Reason, bool Automatic, DateTimeOffset At);

/// <param name="PreviousValidUntil">Until then messages carry a signature with the old secret too, so receivers can switch over.</param>
public sealed record WebhookSecretRotated(Guid EndpointId, string ProtectedSecret, DateTimeOffset PreviousValidUntil, DateTimeOffset At)
    : ICarriesSecrets
{
    public object WithoutSecrets() => this with { ProtectedSecret = WebhookRules.Hidden };
}

public sealed record WebhookEndpointRemoved(Guid EndpointId, DateTimeOffset At);

/// <summary>A place an organization's changes are POSTed to, with the secrets its messages are signed with.</summary>
public sealed class WebhookEndpoint : IVersioned
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public string Url { get; set; } = "";
    public string? Description { get; set; }
    public List<NoticeType> EventTypes { get; set; } = new();
    public List<Guid> ComponentIds { get; set; } = new();
    public bool Enabled { get; set; }
    public string? DisabledReason { get; set; }
    public bool Removed { get; set; }
    public string Secret { get; set; } = "";
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public WebhookSettings Settings => new(Url, Description, EventTypes, ComponentIds);

    public static WebhookEndpoint Create(WebhookEndpointRegistered e)
    {
        var endpoint = new WebhookEndpoint
        {
            Id = e.EndpointId, Enabled = e.Enabled, Secret = e.ProtectedSecret, CreatedAt = e.At,
            DisabledReason = e.Enabled ? null : WebhookRules.DisabledByOperator
        };
        endpoint.Configure(e.Settings, e.At);
        return endpoint;
    }

    public void Apply(WebhookEndpointChanged e) => Configure(e.NewSettings, e.At);

    public void Apply(WebhookEndpointEnabled e) => (Enabled, DisabledReason, UpdatedAt) = (true, null, e.At);

    public void Apply(WebhookEndpointDisabled e) => (Enabled, DisabledReason, UpdatedAt) = (false, e.Reason, e.At);

    public void Apply(WebhookSecretRotated e) =>
        (PreviousSecret, PreviousSecretUntil, Secret, UpdatedAt) = (Secret, e.PreviousValidUntil, e.ProtectedSecret, e.At);

    public void Apply(WebhookEndpointRemoved e) => (Removed, Enabled, UpdatedAt) = (true, false, e.At);

    private void Configure(WebhookSettings settings, DateTimeOffset at)
    {
        Url = settings.Url;
        Description = settings.Description;
        EventTypes = settings.EventTypes.ToList();
        ComponentIds = settings.ComponentIds.ToList();
        UpdatedAt = at;
    }
}
