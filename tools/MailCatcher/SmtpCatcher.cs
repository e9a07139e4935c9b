using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using SmtpServer;
using SmtpServer.Mail;
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

    /// <summary>Raised for every accepted message, on the SMTP session's thread.</summary>
    public event Action<CaughtMail>? Caught;

    public async Task Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("mailcatcher.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
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

    private sealed class Filter(SmtpCatcher catcher) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!catcher.Refuses(Address(to)));
    }

    private static string Address(IMailbox mailbox) => mailbox.AsAddress();
}
