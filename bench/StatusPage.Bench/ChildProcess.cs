using System.Diagnostics;

public static class ChildProcess
{
    /// <summary>Runs a program to its end and returns all it wrote; a non-zero exit throws, with that output.</summary>
    public static string Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        // Both pipes drain at once: a program filling the one not being read would wait for ever.
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + errors.Result;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{start.FileName} {start.Arguments}{string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
