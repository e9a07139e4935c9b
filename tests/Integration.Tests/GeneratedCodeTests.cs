using System.Diagnostics;

namespace StatusPage.Integration.Tests;

public sealed class GeneratedCodeTests
{
    /// <summary>
    /// Outside Development the host loads Wolverine's handler code from src/Host/Internal/Generated; this regenerates
    /// it with `codegen write`, with no database or Redis to reach, and fails when what is committed differs (run the
    /// command in the message to fix).
    /// </summary>
    [Fact]
    public async Task Committed_generated_code_is_current()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "StatusPage.sln"))) root = Path.GetDirectoryName(root)!;
        var committed = Path.Combine(root, "src", "Host", "Internal", "Generated");
        var fresh = Directory.CreateTempSubdirectory("statuspage-codegen").FullName;

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "StatusPage.Host.dll"), "codegen", "write"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Codegen__OutputPath"] = fresh;
        // Generating connects to nothing: a contributor needs no database or Redis for it.
        start.Environment["ConnectionStrings__Postgres"] = "";
        start.Environment["DATABASE_URL"] = "postgres://codegen@127.0.0.1:1/none";
        start.Environment["REDIS_URL"] = "redis://127.0.0.1:1";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);

        string[] Files(string folder) => Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f)).Order().ToArray();
        var expected = Files(fresh);
        Assert.NotEmpty(expected);
        var fix = "Generated code is stale: run ./scripts/codegen.sh and commit.";
        Assert.True(expected.SequenceEqual(Files(committed)), fix);
        foreach (var file in expected)
            Assert.True(File.ReadAllText(Path.Combine(fresh, file)) == File.ReadAllText(Path.Combine(committed, file)), $"{file}: {fix}");
        Directory.Delete(fresh, recursive: true);
    }
}
