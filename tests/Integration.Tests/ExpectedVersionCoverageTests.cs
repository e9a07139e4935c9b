using System.Reflection;
using StatusPage.Application.Http;
using Wolverine.Marten;

namespace StatusPage.Integration.Tests;

public sealed class ExpectedVersionCoverageTests
{
    /// <summary>
    /// If-Match is checked by a Wolverine policy, not by each endpoint: every endpoint that writes an aggregate must
    /// come out of code generation with the check in front of it, the ones written after this test included.
    /// </summary>
    [Fact]
    public void Every_endpoint_that_writes_an_aggregate_checks_the_expected_version()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "StatusPage.sln"))) root = Path.GetDirectoryName(root)!;
        var generated = Directory.GetFiles(Path.Combine(root, "src", "Host", "Internal", "Generated"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToArray();

        var writers = typeof(ExpectedVersion).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetParameters().Any(p => p.IsDefined(typeof(WriteAggregateAttribute), true)))
            .ToArray();
        Assert.NotEmpty(writers);

        var unguarded = writers.Where(m =>
        {
            var handler = generated.Single(code => code.Contains($"{m.DeclaringType!.FullName}.{m.Name}(", StringComparison.Ordinal));
            return !handler.Contains($"{typeof(ExpectedVersion).FullName}.{nameof(ExpectedVersion.Check)}(", StringComparison.Ordinal);
        }).Select(m => $"{m.DeclaringType!.Name}.{m.Name}");
        Assert.Empty(unguarded);
    }
}
