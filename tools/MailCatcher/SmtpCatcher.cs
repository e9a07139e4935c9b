using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using SmtpServer;
using System.Net.Sockets;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace StatusPage.MailCatcher;

/// <summary>One message as the SMTP server accepted it.</summary>
public sealed record CaughtMail(DateTimeOffset At, string From, IReadOnlyList<string> To, byte[] Raw);

/// <summary>
/// An SMTP server on loopback that keeps what it accepts in memory: the development mail catcher and the tests' real
/// SMTP server. It can refuse chosen recipients (550) and be stopped and started again on the same port.
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<CaughtMail> _mails = new();
    private CancellationTokenSource? _running;
    private Task? _serving;

    public SmtpCatcher(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyCollection<CaughtMail> Mails => _mails;

    /// <summary>Recipients this answers with a permanent "550 mailbox unavailable".</summary>
    public Func<string, bool> Refuses { get; set; } = _ => false;

    /// <summary>
    /// While set, every new message is refused with "421 service not available" and the session closed, as by a
    /// server going down; a message already past MAIL FROM is still taken, so none is left half-delivered.
    /// </summary>
    public bool Unavailable { get; set; }

    /// <summary>Offer AUTH on the plain connection (the catcher has no TLS), as a careless or impersonated server would.</summary>
    public bool OffersAuthWithoutTls { get; init; }

    private readonly ConcurrentQueue<string> _logins = new();

    /// <summary>The user names of every AUTH the server was given.</summary>
    public IReadOnlyCollection<string> Logins => _logins;

    /// <summary>Raised for every accepted message, on the SMTP session's thread.</summary>
    public event Action<CaughtMail>? Caught;

    /// <summary>Raised for every message refused while <see cref="Unavailable"/>.</summary>
    public event Action? Refused;

    public async Task Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mailcatcher.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).SessionTimeout(TimeSpan.FromHours(1))
                .AllowUnsecureAuthentication(OffersAuthWithoutTls))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        services.Add(new Authenticator(this));
        services.Add(new ImmediateReplies());
        _running = new CancellationTokenSource();
        var server = new SmtpServer.SmtpServer(options, services);
        _serving = server.StartAsync(_running.Token);
        await WaitUntilListening();
    }

    /// <summary>Closes the port and every open session, as a server that went down would.</summary>
    public async Task Stop()
    {
        if (_running is null) return;
        await _running.CancelAsync();
        try
        {
            await _serving!;
        }
        catch (OperationCanceledException)
        {
        }

        _running.Dispose();
        _running = null;
    }

    public ValueTask DisposeAsync() => new(Stop());

    private async Task WaitUntilListening()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(20);
            }
        }

        throw new InvalidOperationException($"The SMTP catcher did not start listening on port {Port}.");
    }

    private sealed class Store(SmtpCatcher catcher) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var mail = new CaughtMail(DateTimeOffset.UtcNow, Address(transaction.From), transaction.To.Select(Address).ToList(), buffer.ToArray());
            catcher._mails.Enqueue(mail);
            catcher.Caught?.Invoke(mail);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Authenticator(SmtpCatcher catcher) : SmtpServer.Authentication.IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            catcher._logins.Enqueue(user);
            return Task.FromResult(true);
        }
    }

    private sealed class Filter(SmtpCatcher catcher) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (!catcher.Unavailable) return Task.FromResult(true);
            catcher.Refused?.Invoke();
            throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceUnavailable, "Service not available, closing transmission channel"), true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!catcher.Refuses(Address(to)));
    }

    /// <summary>
    /// Replies go out at once: with Nagle's algorithm on, each small reply waited for the client's delayed ACK, about
    /// 40 ms a message on loopback.
    /// </summary>
    private sealed class ImmediateReplies : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Server.NoDelay = true;
            listener.Start();
            return new Listener(listener);
        }
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint);
            return new PlainPipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>The connection as SmtpServer reads and writes it; the catcher offers no STARTTLS.</summary>
    private sealed class PlainPipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
    {
        public System.IO.Pipelines.PipeReader Input { get; } = System.IO.Pipelines.PipeReader.Create(client.GetStream());

        public System.IO.Pipelines.PipeWriter Output { get; } = System.IO.Pipelines.PipeWriter.Create(client.GetStream());

        public bool IsSecure => false;

        public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

        public Task UpgradeAsync(
            System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols,
            CancellationToken cancellationToken = default) => throw new NotSupportedException("The mail catcher speaks no TLS.");

        public void Dispose() => client.Dispose();
    }

    private static string Address(IMailbox mailbox) => mailbox.AsAddress();
}
