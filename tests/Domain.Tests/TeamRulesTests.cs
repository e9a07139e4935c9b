using StatusPage.Domain.ApiKeys;
using StatusPage.Domain.Shared;
using StatusPage.Domain.Team;

namespace StatusPage.Domain.Tests;

public sealed class TeamRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly Func<string, string> Hash = password => "hashed:" + password;
    private static readonly LockoutPolicy Policy = LockoutPolicy.Default;

    private static Operator Ada(int failedAttempts = 0, DateTimeOffset? lockedUntil = null) =>
        new() { Id = Guid.NewGuid(), Email = "ada@example.com", Name = "Ada", PasswordHash = "x", FailedAttempts = failedAttempts, LockedUntil = lockedUntil };

    [Fact]
    public void Registering_records_the_normalized_address_and_only_the_password_hash()
    {
        var registered = Assert.IsType<OperatorRegistered>(Assert.Single(
            OperatorRules.Register(Guid.NewGuid(), " Ada@Example.com ", "Ada", "correct horse", Hash, false, Now).Events));
        Assert.Equal(("ada@example.com", "hashed:correct horse"), (registered.Email, registered.PasswordHash));
    }

    [Theory]
    [InlineData("not an address", "Ada", "correct horse", "email")]
    [InlineData("ada@example.com", "", "correct horse", "name")]
    [InlineData("ada@example.com", "Ada", "short", "password")]
    public void Registering_refuses_bad_input_naming_the_field(string email, string name, string password, string field) =>
        ComponentRulesTests.AssertInvalid(OperatorRules.Register(Guid.NewGuid(), email, name, password, Hash, false, Now), $"'{field}'");

    [Fact]
    public void An_address_has_one_account() =>
        Assert.Equal(RejectionKind.Conflict,
            OperatorRules.Register(Guid.NewGuid(), "ada@example.com", "Ada", "correct horse", Hash, true, Now).Rejection!.Kind);

    [Fact]
    public void The_right_password_signs_in_and_a_wrong_one_counts_a_failure()
    {
        Assert.IsType<OperatorSignedIn>(Assert.Single(OperatorRules.SignIn(Ada(failedAttempts: 3), true, Policy, Now).Events));
        var failed = Assert.IsType<OperatorSignInFailed>(Assert.Single(OperatorRules.SignIn(Ada(failedAttempts: 3), false, Policy, Now).Events));
        Assert.Equal(4, failed.FailedAttempts);
    }

    [Fact]
    public void The_fifth_wrong_password_locks_the_account_and_while_locked_even_the_right_one_is_refused()
    {
        var person = Ada();
        for (var attempt = 1; attempt < Policy.MaxFailedAttempts; attempt++)
            person.Apply(Assert.IsType<OperatorSignInFailed>(Assert.Single(OperatorRules.SignIn(person, false, Policy, Now).Events)));

        var last = OperatorRules.SignIn(person, false, Policy, Now).Events;
        var locked = Assert.IsType<OperatorLockedOut>(last[1]);
        Assert.Equal(Now + Policy.Lockout, locked.Until);
        person.Apply(locked);

        Assert.Equal(RejectionKind.Conflict, OperatorRules.SignIn(person, true, Policy, Now.AddMinutes(1)).Rejection!.Kind);
        Assert.IsType<OperatorSignedIn>(Assert.Single(OperatorRules.SignIn(person, true, Policy, locked.Until.AddSeconds(1)).Events));
    }

    [Fact]
    public void A_new_password_needs_the_current_one_and_ends_every_session()
    {
        var person = Ada();
        ComponentRulesTests.AssertInvalid(OperatorRules.ChangePassword(person, false, "a new password", Hash, Now), "'currentPassword'");
        ComponentRulesTests.AssertInvalid(OperatorRules.ChangePassword(person, true, "short", Hash, Now), "'newPassword'");
        person.Apply(Assert.IsType<OperatorPasswordChanged>(Assert.Single(OperatorRules.ChangePassword(person, true, "a new password", Hash, Now).Events)));
        Assert.Equal(("hashed:a new password", 1), (person.PasswordHash, person.SecurityStamp));
    }

    [Fact]
    public void A_reset_link_works_once_until_it_expires_and_ends_the_lockout()
    {
        var person = Ada(failedAttempts: 0, lockedUntil: Now.AddMinutes(10));
        person.Apply(Assert.IsType<OperatorPasswordResetRequested>(Assert.Single(OperatorRules.RequestPasswordReset(person, "hash", Now).Events)));
        Assert.Equal(RejectionKind.Conflict, OperatorRules.ResetPassword(person, "a new password", Hash, Now + OperatorRules.ResetValidFor).Rejection!.Kind);
        ComponentRulesTests.AssertInvalid(OperatorRules.ResetPassword(person, "short", Hash, Now), "'password'");

        person.Apply(Assert.IsType<OperatorPasswordReset>(Assert.Single(OperatorRules.ResetPassword(person, "a new password", Hash, Now).Events)));
        Assert.Equal(("hashed:a new password", 1, null, null), (person.PasswordHash, person.SecurityStamp, person.ResetTokenHash, person.LockedUntil));
        Assert.Equal(RejectionKind.Conflict, OperatorRules.ResetPassword(person, "another password", Hash, Now).Rejection!.Kind);
    }

    [Fact]
    public void The_last_owner_can_be_neither_demoted_nor_removed()
    {
        var owner = new Member { Id = Guid.NewGuid(), Role = Role.Owner };
        Assert.Equal(RejectionKind.Conflict, MemberRules.ChangeRole(owner, Role.Editor, 0, Now).Rejection!.Kind);
        Assert.Equal(RejectionKind.Conflict, MemberRules.Remove(owner, 0, Now).Rejection!.Kind);
        Assert.IsType<MemberRoleChanged>(Assert.Single(MemberRules.ChangeRole(owner, Role.Editor, 1, Now).Events));
        Assert.IsType<MemberRemoved>(Assert.Single(MemberRules.Remove(owner, 1, Now).Events));
    }

    [Fact]
    public void Accepting_an_invitation_makes_the_operator_a_member_with_the_invited_role_once()
    {
        var invited = Assert.IsType<MemberInvited>(Assert.Single(
            InvitationRules.Invite(Guid.NewGuid(), Guid.NewGuid(), "Ada@example.com", Role.Viewer, "hash", false, Now).Events));
        var invitation = Invitation.Create(invited);
        var person = Ada();

        var accepted = InvitationRules.Accept(invitation, person, Guid.NewGuid(), false, Now.AddDays(1));
        Assert.IsType<InvitationAccepted>(accepted.Events[0]);
        Assert.Equal(Role.Viewer, Assert.IsType<MemberJoined>(accepted.Events[1]).Role);

        invitation.Apply((InvitationAccepted)accepted.Events[0]);
        Assert.Equal(RejectionKind.Conflict, InvitationRules.Accept(invitation, person, Guid.NewGuid(), false, Now.AddDays(1)).Rejection!.Kind);
    }

    [Fact]
    public void Invitations_expire_and_belong_to_their_address()
    {
        var invitation = Invitation.Create((MemberInvited)InvitationRules.Invite(Guid.NewGuid(), Guid.NewGuid(), "ada@example.com", Role.Editor, "hash", false, Now).Events[0]);
        Assert.Equal(RejectionKind.Conflict, InvitationRules.Accept(invitation, Ada(), Guid.NewGuid(), false, Now + InvitationRules.ValidFor).Rejection!.Kind);
        var someoneElse = new Operator { Id = Guid.NewGuid(), Email = "eve@example.com" };
        ComponentRulesTests.AssertInvalid(InvitationRules.Accept(invitation, someoneElse, Guid.NewGuid(), false, Now), "'email'");
        ComponentRulesTests.AssertInvalid(InvitationRules.Invite(Guid.NewGuid(), Guid.NewGuid(), "ada@example.com", null, "hash", false, Now), "'role'");
    }
}
