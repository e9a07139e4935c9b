using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using System.Net.Sockets;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace StatusPage.MailCatcher;

/// <summary>One message as the SMTP server accepted it; <paramref name="Secure"/> when its session was over TLS.</summary>
public sealed record CaughtMail(DateTimeOffset At, string From, IReadOnlyList<string> To, byte[] Raw, bool Secure);

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

    /// <summary>Offer AUTH on the plain connection, as a careless or impersonated server would.</summary>
    public bool OffersAuthWithoutTls { get; init; }

    /// <summary>With a certificate the catcher offers STARTTLS, and AUTH only once the session is secure.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>With <see cref="Certificate"/>: TLS from the first byte (implicit TLS, as on port 465) instead of STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

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
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).SessionTimeout(TimeSpan.FromHours(1))
                    .AllowUnsecureAuthentication(OffersAuthWithoutTls);
                if (Certificate is not null) e.Certificate(Certificate).IsSecure(ImplicitTls);
            })
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
            var mail = new CaughtMail(DateTimeOffset.UtcNow, Address(transaction.From), transaction.To.Select(Address).ToList(), buffer.ToArray(),
                context.Pipe.IsSecure);
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
            return new Pipe(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>The connection as SmtpServer reads and writes it, in the clear until STARTTLS or implicit TLS upgrades it.</summary>
    private sealed class Pipe : SmtpServer.IO.ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private Stream _stream;

        public Pipe(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            (Input, Output) = (PipeReader.Create(_stream), PipeWriter.Create(_stream));
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => _stream is SslStream;

        public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var tls = new SslStream(_stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate, EnabledSslProtocols = protocols, CertificateRevocationCheckMode = X509RevocationMode.NoCheck
            }, cancellationToken);
            _stream = tls;
            (Input, Output) = (PipeReader.Create(_stream), PipeWriter.Create(_stream));
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }

    private static string Address(IMailbox mailbox) => mailbox.AsAddress();
}
