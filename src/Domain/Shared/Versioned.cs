namespace StatusPage.Domain.Shared;

/// <summary>
/// An aggregate whose stream version integrators see as its ETag and send back to guard a write: every aggregate the
/// API writes carries one, and the API refuses to start when one it writes does not.
/// </summary>
public interface IVersioned
{
    long Version { get; }
}
