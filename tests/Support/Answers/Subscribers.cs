namespace StatusPage.Testing;

public sealed record SubscriberAnswer(Guid Id, string Email, string State, List<Guid> Components, int Bounces);

public sealed record SubscriberPageAnswer(List<SubscriberAnswer> Subscribers, int Total);

/// <summary>The data of a <c>subscriber_unsubscribed</c> event.</summary>
public sealed record UnsubscribedAnswer(string Via);
