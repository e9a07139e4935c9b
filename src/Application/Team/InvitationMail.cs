using StatusPage.Application.Email;
using StatusPage.Domain.Organizations;
using StatusPage.Domain.ApiKeys;
using Wolverine;
using Wolverine.Runtime.Handlers;

namespace StatusPage.Application.Team;

/// <summary>
/// The invitation's accept link, mailed to the invited address. It leaves the invite endpoint through the outbox, so it
/// goes once the invitation is stored and never for one that was not. The link's token is nowhere else: the database
/// keeps its hash, and this message only until it is sent.
/// </summary>
public sealed record InvitationMail(Guid InvitationId, string Email, Role Role, DateTimeOffset ExpiresAt, string AcceptPath);

public static class InvitationMailHandler
{
    public static void Configure(HandlerChain chain) => SmtpFailures.RetryLater(chain);

    public static async Task Handle(
        InvitationMail mail, IQuerySession session, MailSender sender, EmailOptions options, TimeProvider clock, Envelope envelope, CancellationToken token)
    {
        var organization = await session.LoadAsync<Organization>(Guid.Parse(envelope.TenantId!), token);
        if (organization is null) return;

        var role = mail.Role.ToString().ToLowerInvariant();
        var letter = new Letter(organization.Name, $"You are invited to join {organization.Name}", $"Join {organization.Name} on StatusPage",
        [
            $"An owner of {organization.Name} invited {mail.Email} to its status page dashboard as {(role == "viewer" ? "a" : "an")} {role}.",
            $"The link works once, until {mail.ExpiresAt:yyyy-MM-dd HH:mm} UTC. If you did not expect this, ignore this email."
        ], "Accept the invitation", options.Link(mail.AcceptPath));
        await using var connection = await sender.Connect(token);
        await connection.Send(Letters.Compose(letter, new Addressing(mail.Email, Letters.MessageId($"invitation.{mail.InvitationId:N}", options),
            clock.GetUtcNow(), null, null, $"You receive this because an owner of {organization.Name} invited this address."), options), token);
    }
}
