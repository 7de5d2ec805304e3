using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AccessTokens.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every log entry at every level: the formatted message, each structured
/// value and the exception text, so a test can search everything a real sink would receive.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    /// <summary>Every captured entry.</summary>
    public IReadOnlyCollection<string> Entries => entries;

    /// <summary>True when <paramref name="entry"/> was logged at Error or Critical level.</summary>
    public static bool IsError(string entry) =>
        entry.StartsWith("Error ", StringComparison.Ordinal) || entry.StartsWith("Critical ", StringComparison.Ordinal);

    /// <summary>True when any entry contains <paramref name="text"/>.</summary>
    public bool Contains(string text) => entries.Any(entry => entry.Contains(text, StringComparison.Ordinal));

    /// <summary>How many entries contain <paramref name="text"/>.</summary>
    public int Count(string text) => entries.Count(entry => entry.Contains(text, StringComparison.Ordinal));

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.entries.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(" | ", pairs.Select(pair => $"{pair.Key}={pair.Value}"))
                : string.Empty;
            owner.entries.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {{{values}}} {exception}");
        }
    }
}
