using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using StatusPage.Application.Telemetry;

namespace StatusPage.Application.Email;

/// <summary>
/// SMTP connections kept open between batches (a fan-out of thousands must not pay a handshake per message) and one
/// node-wide pace, so that a fan-out cannot exceed what the provider allows.
/// </summary>
public sealed class MailSender : IAsyncDisposable
{
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly EmailOptions _options;
    private readonly RateLimiter? _pace;
    private readonly System.Net.Security.RemoteCertificateValidationCallback? _trust;

    public MailSender(EmailOptions options, SmtpTrust trust, StatusPageMetrics metrics)
    {
        _options = options;
        _trust = trust.Validation;
        Metrics = metrics;
        if (options.MessagesPerSecond > 0)
        {
            var perTick = Math.Max(1, (int)Math.Ceiling(options.MessagesPerSecond / 10));
            _pace = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = perTick, TokensPerPeriod = perTick, QueueLimit = int.MaxValue,
                ReplenishmentPeriod = TimeSpan.FromSeconds(perTick / options.MessagesPerSecond), AutoReplenishment = true
            });
        }
    }

    internal StatusPageMetrics Metrics { get; }

    public async Task<MailConnection> Connect(CancellationToken token)
    {
        while (_idle.TryTake(out var client))
        {
            if (client.IsConnected) return new MailConnection(this, client, reused: true);
            client.Dispose();
        }

        try
        {
            return new MailConnection(this, await Open(token), reused: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Metrics.EmailFailed(refused: false);
            throw;
        }
    }

    internal async Task<SmtpClient> Open(CancellationToken token)
    {
        var client = new SmtpClient { Timeout = 30_000 };
        if (_trust is not null) client.ServerCertificateValidationCallback = _trust;
        try
        {
            await client.ConnectAsync(_options.SmtpHost, _options.SmtpPort, _options.SmtpTls switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable
            }, token);
            if (!string.IsNullOrEmpty(_options.SmtpUser))
            {
                // STARTTLS is only taken "when available": a server (or whoever sits between) that offers none must not get the password.
                if (!client.IsSecure)
                    throw new System.Security.Authentication.AuthenticationException(
                        $"The SMTP server {_options.SmtpHost}:{_options.SmtpPort} offered no TLS; SMTP_USER is set, and credentials are never sent in the clear.");
                await client.AuthenticateAsync(_options.SmtpUser, _options.SmtpPassword ?? "", token);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal ValueTask Pace(CancellationToken token) =>
        _pace is null ? ValueTask.CompletedTask : AcquireAsync(_pace, token);

    private static async ValueTask AcquireAsync(RateLimiter pace, CancellationToken token)
    {
        using var lease = await pace.AcquireAsync(1, token);
    }

    internal void Return(SmtpClient client)
    {
        if (client.IsConnected && _idle.Count < _options.Connections) _idle.Add(client);
        else client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var client))
        {
            if (client.IsConnected) await client.DisconnectAsync(true);
            client.Dispose();
        }

        if (_pace is not null) await _pace.DisposeAsync();
    }
}

/// <summary>One SMTP connection lent to one batch; it goes back to the pool unless it broke.</summary>
public sealed class MailConnection : IAsyncDisposable
{
    private readonly MailSender _sender;
    private SmtpClient _client;
    private readonly bool _reused;
    private bool _broken;

    internal MailConnection(MailSender sender, SmtpClient client, bool reused) => (_sender, _client, _reused) = (sender, client, reused);

    /// <summary>
    /// Returns once the server has accepted the message. A permanent refusal of the recipient or message throws
    /// <see cref="SmtpCommandException"/> and leaves the connection usable; see <see cref="IsPermanentRefusal"/>.
    /// </summary>
    public async Task Send(MimeMessage message, CancellationToken token)
    {
        await _sender.Pace(token);
        for (var first = true;; first = false)
        {
            try
            {
                await _client.SendAsync(message, token);
                _sender.Metrics.EmailSent();
                return;
            }
            catch (SmtpCommandException e) when (IsPermanentRefusal(e))
            {
                _sender.Metrics.EmailFailed(refused: true);
                throw;
            }
            catch (Exception e) when (first && _reused && e is ServiceNotConnectedException or IOException or SmtpProtocolException)
            {
                // The server closed a connection while it waited in the pool; that says nothing about this message.
                _client.Dispose();
                _broken = true;
                _client = await _sender.Open(token);
                _broken = false;
            }
            catch
            {
                _broken = true;
                _sender.Metrics.EmailFailed(refused: false);
                throw;
            }
        }
    }

    /// <summary>A 5xx answer to the recipient or the message: trying again will not help, for this address.</summary>
    public static bool IsPermanentRefusal(SmtpCommandException e) =>
        (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;

    public ValueTask DisposeAsync()
    {
        if (_broken) _client.Dispose();
        else _sender.Return(_client);
        return ValueTask.CompletedTask;
    }
}
