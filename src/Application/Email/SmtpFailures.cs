using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace StatusPage.Application.Email;

/// <summary>
/// An SMTP server that is down, busy or answers 4xx is tried again: soon a couple of times in place, then from the
/// durable inbox with growing pauses (which survive a restart), for about an hour in all.
/// </summary>
public static class SmtpFailures
{
    public static void RetryLater(HandlerChain chain) =>
        chain.OnException(IsTransient, "SMTP unavailable or temporarily refusing")
            .RetryWithCooldown(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1))
            .Then.ScheduleRetry(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1),
                TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30))
            .Then.MoveToErrorQueue();

    private static bool IsTransient(Exception e) =>
        e is SocketException or IOException or ProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException
            or TimeoutException or OperationCanceledException
        || e is SmtpCommandException command && !MailConnection.IsPermanentRefusal(command);
}
