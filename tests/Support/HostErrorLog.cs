using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StatusPage.Testing;

/// <summary>
/// The errors the in-memory host logs, each with the request it was logged in (none for background work), so a test
/// can tell that a request it sent failed inside the host, whatever its answer looked like.
/// </summary>
public sealed class HostErrorLog : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(string Category, string Message, string? RequestPath)
    {
        public override string ToString() => $"{RequestPath}: {Category}: {Message}";
    }

    private readonly ConcurrentQueue<Entry> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public int Count => _entries.Count;

    /// <summary>
    /// The exceptions ASP.NET Core caught unhandled (a 500) while serving a request, after the first
    /// <paramref name="skip"/> entries.
    /// </summary>
    public IReadOnlyList<Entry> UnhandledSince(int skip) =>
        _entries.Skip(skip).Where(e => e.RequestPath is not null && e.Category.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(HostErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => log._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            string? path = null;
            log._scopes.ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> values)
                    path ??= values.FirstOrDefault(v => v.Key == "RequestPath").Value?.ToString();
            }, (object?)null);
            log._entries.Enqueue(new Entry(category, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message), path));
        }
    }
}
