using System.Threading.RateLimiting;
using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;
using Marten.Schema.Indexing.Unique;
using Microsoft.AspNetCore.RateLimiting;
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
        services.AddSingleton(options);
        services.AddSingleton<MailSender>();
        services.AddSingleton<Subscriptions>();

        services.ConfigureMarten(marten =>
        {
            marten.Projections.Snapshot<Subscriber>(SnapshotLifecycle.Inline);
            // One subscriber per address and organization, also when two requests for a new address race.
            marten.Schema.For<Subscriber>().MultiTenanted()
                .UniqueIndex(UniqueIndexType.Computed, "mt_doc_subscriber_uidx_email", TenancyScope.PerTenant, s => s.Email);
            marten.Schema.For<SubscriberToken>().SingleTenanted();
            marten.Schema.For<EmailDelivery>().SingleTenanted();
        });

        // Each batch holds an SMTP connection while it runs; more at once than the pool keeps would only reconnect.
        services.ConfigureWolverine(wolverine => wolverine.LocalQueueFor<EmailBatch>().MaximumParallelMessages(options.Connections));

        services.AddRateLimiter(limits =>
        {
            limits.AddPolicy(SubscribeRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SubscribesPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limits.OnRejected = async (context, token) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Too many subscribe requests from this address; try again in {(int)Math.Ceiling(retryAfter.TotalSeconds)} seconds.");
            };
        });
        return services;
    }
}
