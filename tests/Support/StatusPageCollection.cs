namespace StatusPage.Testing;

// xunit finds collection definitions only in the assembly under test, so each test project compiles this file
// itself (see its project file) rather than getting it from StatusPage.Testing.
[CollectionDefinition(Name)]
public sealed class StatusPageCollection : ICollectionFixture<StatusPageFixture>
{
    public const string Name = "statuspage";
}
