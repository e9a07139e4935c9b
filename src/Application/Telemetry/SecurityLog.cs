using JasperFx.Events;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Subscribers;
using StatusPage.Domain.Team;
using StatusPage.Domain.Webhooks;

namespace StatusPage.Application.Telemetry;

/// <summary>
/// Security events in the log, for whoever watches it: each names its organization and actor (who did it, as the
/// event store records it) and the thing it concerns. They are read from the events once committed, so every way
/// of causing one (API, dashboard, a background handler) is logged alike, and only from fields chosen here: a
/// secret's hash, a password's hash or an SMTP reply never reaches the log.
/// </summary>
public sealed partial class SecurityLog(ILogger logger) : DocumentSessionListenerBase
{
    public const string Category = "StatusPage.Security";

    public override async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var e in commit.GetEvents())
        {
            switch (e.Data)
            {
                case OperatorSignInFailed failed:
                    foreach (var organization in await Organizations(session, failed.OperatorId, token))
                        SignInFailed(organization, e.UserName, failed.OperatorId, failed.FailedAttempts);
                    break;
                case OperatorLockedOut locked:
                    foreach (var organization in await Organizations(session, locked.OperatorId, token))
                        LockedOut(organization, e.UserName, locked.OperatorId, locked.Until);
                    break;
                case IAccountSecurityEvent account:
                    foreach (var organization in await Organizations(session, account.OperatorId, token))
                        AccountChanged(organization, e.UserName, account.OperatorId, account.GetType().Name);
                    break;
                case ApiKeyIssued issued:
                    KeyCreated(issued.OrganizationId.ToString(), e.UserName, issued.KeyId, issued.Role, issued.Prefix);
                    break;
                case ApiKeyRevoked revoked:
                    KeyRevoked(revoked.OrganizationId.ToString(), e.UserName, revoked.KeyId);
                    break;
                case MemberRemoved removed:
                    MemberRemoved(removed.OrganizationId.ToString(), e.UserName, removed.MemberId, removed.OperatorId);
                    break;
                case WebhookEndpointDisabled disabled:
                    WebhookDisabled(e.TenantId, e.UserName, disabled.EndpointId, disabled.Automatic, disabled.Reason);
                    break;
                case SubscriberBounced bounced:
                    Bounced(e.TenantId, e.UserName, bounced.SubscriberId, bounced.Count, bounced.GivenUp);
                    break;
            }
        }
    }

    /// <summary>Operators are global; a failed sign-in concerns every organization the account could have entered.</summary>
    private static async Task<IReadOnlyList<string>> Organizations(IDocumentSession session, Guid operatorId, CancellationToken token)
    {
        var organizations = await session.Query<Member>().Where(m => m.OperatorId == operatorId && m.RemovedAt == null)
            .Select(m => m.OrganizationId).ToListAsync(token);
        return organizations.Count == 0 ? ["none"] : organizations.Select(o => o.ToString()).ToList();
    }

    [LoggerMessage(EventId = 9001, EventName = "sign_in_failed", Level = LogLevel.Warning,
        Message = "Security sign_in_failed: organization {Organization}, actor {Actor}, operator {OperatorId}, failed attempts {FailedAttempts}")]
    private partial void SignInFailed(string organization, string? actor, Guid operatorId, int failedAttempts);

    [LoggerMessage(EventId = 9002, EventName = "locked_out", Level = LogLevel.Warning,
        Message = "Security locked_out: organization {Organization}, actor {Actor}, operator {OperatorId}, locked until {Until}")]
    private partial void LockedOut(string organization, string? actor, Guid operatorId, DateTimeOffset until);

    [LoggerMessage(EventId = 9008, EventName = "account_changed", Level = LogLevel.Information,
        Message = "Security account_changed: organization {Organization}, actor {Actor}, operator {OperatorId}: {Change}")]
    private partial void AccountChanged(string organization, string? actor, Guid operatorId, string change);

    [LoggerMessage(EventId = 9003, EventName = "api_key_created", Level = LogLevel.Information,
        Message = "Security api_key_created: organization {Organization}, actor {Actor}, key {KeyId} ({Role}, prefix {Prefix})")]
    private partial void KeyCreated(string organization, string? actor, Guid keyId, Role role, string prefix);

    [LoggerMessage(EventId = 9004, EventName = "api_key_revoked", Level = LogLevel.Information,
        Message = "Security api_key_revoked: organization {Organization}, actor {Actor}, key {KeyId}")]
    private partial void KeyRevoked(string organization, string? actor, Guid keyId);

    [LoggerMessage(EventId = 9005, EventName = "member_removed", Level = LogLevel.Information,
        Message = "Security member_removed: organization {Organization}, actor {Actor}, member {MemberId}, operator {OperatorId}")]
    private partial void MemberRemoved(string organization, string? actor, Guid memberId, Guid operatorId);

    [LoggerMessage(EventId = 9006, EventName = "webhook_endpoint_disabled", Level = LogLevel.Warning,
        Message = "Security webhook_endpoint_disabled: organization {Organization}, actor {Actor}, endpoint {EndpointId}, automatic {Automatic}: {Reason}")]
    private partial void WebhookDisabled(string organization, string? actor, Guid endpointId, bool automatic, string reason);

    [LoggerMessage(EventId = 9007, EventName = "subscriber_bounced", Level = LogLevel.Warning,
        Message = "Security subscriber_bounced: organization {Organization}, actor {Actor}, subscriber {SubscriberId}, bounce {Count}, given up {GivenUp}")]
    private partial void Bounced(string organization, string? actor, Guid subscriberId, int count, bool givenUp);
}

/// <summary>Registers the log with the store once the container can give it a logger.</summary>
internal sealed class SecurityLogSetup(ILoggerFactory loggers) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions options) =>
        options.Listeners.Add(new SecurityLog(loggers.CreateLogger(SecurityLog.Category)));
}
