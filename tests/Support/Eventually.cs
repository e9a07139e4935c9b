namespace StatusPage.Testing;

/// <summary>Waiting for work that another part of the system does on its own time, without sleeping a guessed while.</summary>
public static class Eventually
{
    /// <summary>
    /// Polls until <paramref name="condition"/> holds; what it waits for happens in another part of the host (the daemon, Redis).
    /// The deadline is only how long a failure takes to report: generous, because a node started by a test on a loaded
    /// machine (the whole suite on two cores) once needed more than 15 s to show in its metrics what the test had done.
    /// </summary>
    public static Task True(Func<Task<bool>> condition, string what) => True(condition, () => what);

    /// <summary>As <see cref="True(Func{Task{bool}}, string)"/>, saying on failure what was still missing at the last look.</summary>
    public static async Task True(Func<Task<bool>> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what()}.");
            await Task.Delay(20);
        }
    }
}
