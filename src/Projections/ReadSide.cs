using System.Runtime.CompilerServices;
using Marten;

[assembly: InternalsVisibleTo("StatusPage.Application")]

namespace StatusPage.Projections;

/// <summary>
/// What the host is given to read with: the query functions (here, and in Application where they need its services)
/// take it and open their own sessions. It hands no session or store to the host, so a page or document cannot query
/// Marten around them; <c>ReadSideTests</c> holds the host to that.
/// </summary>
public sealed class ReadSide(IDocumentStore store)
{
    internal IDocumentStore Store { get; } = store;
}
