using StatusPage.Application.Email;
using Wolverine.Runtime.Handlers;

namespace StatusPage.Application.Team;

/// <summary>
/// The reset link, mailed to the account's address through the outbox, so it goes once the request is stored. The
/// token is nowhere else: the account keeps its hash, and this message only until it is sent.
/// </summary>
public sealed record PasswordResetMail(Guid OperatorId, string Email, DateTimeOffset ExpiresAt, string ResetPath);

public static class PasswordResetMailHandler
{
    private const string Sender = "StatusPage";

    public static void Configure(HandlerChain chain) => SmtpFailures.RetryLater(chain);

    public static async Task Handle(PasswordResetMail mail, MailSender sender, EmailOptions options, TimeProvider clock, CancellationToken token)
    {
        var letter = new Letter(Sender, "Choose a new password", "Choose a new password for the dashboard",
        [
            $"Someone asked for a new password for the StatusPage dashboard account of {mail.Email}.",
            $"The link works once, until {mail.ExpiresAt:yyyy-MM-dd HH:mm} UTC. If you did not ask for it, ignore this email: your password stays as it is."
        ], "Choose a new password", options.Link(mail.ResetPath));
        await using var connection = await sender.Connect(token);
        await connection.Send(Letters.Compose(letter, new Addressing(mail.Email,
            Letters.MessageId($"password-reset.{mail.OperatorId:N}.{mail.ExpiresAt.ToUnixTimeMilliseconds()}", options), clock.GetUtcNow(), null, null,
            "You receive this because a new password was asked for the account of this address."), options), token);
    }
}
