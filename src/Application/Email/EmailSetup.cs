using JasperFx.Events.Projections;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using StatusPage.Application.Email;
using StatusPage.Application.Subscribers;
using StatusPage.Domain.Subscribers;
using Wolverine;

namespace StatusPage.Application;

public static class EmailSetup
{
    public const string SubscribeRateLimit = "subscribe";

    /// <summary>Email subscribers: SMTP settings, the subscriber list and its tokens and ledger, the subscribe rate limit.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions();
        if (configuration["PublicUrl"] is { Length: > 0 } publicUrl) options.PublicUrl = publicUrl;
        // A bad sender would fail every mail, each retried for an hour: better to refuse to start.
        if (!MimeKit.MailboxAddress.TryParse(options.From, out _))
            throw new InvalidOperationException($"EMAIL_FROM (Email:From) '{options.From}' is not an email address.");
        if (!string.IsNullOrEmpty(options.SmtpUser) && options.SmtpTls == SmtpSecurity.None)
            throw new InvalidOperationException("SMTP_USER is set with SMTP_TLS=none: credentials are never sent without TLS.");
        services.AddSingleton(options);
        services.AddSingleton(new SmtpTrust(options));
        services.AddSingleton<MailSender>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<ManageLinks>();

        services.ConfigureMarten(marten =>
        {
            marten.Projections.Snapshot<Subscriber>(SnapshotLifecycle.Inline);
            // One subscriber per address and organization, also when two requests for a new address race.
            marten.Schema.For<Subscriber>().MultiTenanted()
                .UniqueIndex(UniqueIndexType.Computed, "mt_doc_subscriber_uidx_email", TenancyScope.PerTenant, s => s.Email);
            // Links are found by subscriber for every mail, and expired ones swept on every verification mail, in a
            // table that holds a manage link per subscriber: neither may scan it.
            marten.Schema.For<SubscriberToken>().SingleTenanted().Index(t => t.SubscriberId).Index(t => t.ExpiresAt);
            marten.Schema.For<EmailDelivery>().SingleTenanted();
        });

        // Each batch holds an SMTP connection while it runs; more at once than the pool keeps would only reconnect.
        services.ConfigureWolverine(wolverine => wolverine.LocalQueueFor<EmailBatch>().MaximumParallelMessages(options.Connections));

        services.AddPerClientLimit(SubscribeRateLimit, options.SubscribesPerMinute);
        return services;
    }
}
