namespace StatusPage.Projections.Live;

/// <summary>
/// Raised by the public page's read models once their change is committed (through the outbox), so that what is
/// rendered for readers next comes from the read models after the change, never from ones still catching up.
/// </summary>
public sealed record PublicPageChanged(Guid OrganizationId);
