using Microsoft.Extensions.Logging;

namespace AirMonitor.Testing;

/// <summary>Keeps what was logged, to assert that a loud event was loud.</summary>
public class CapturingLogger : ILogger
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

/// <summary>A <see cref="CapturingLogger"/> for a class that takes its own <c>ILogger&lt;T&gt;</c>.</summary>
public sealed class CapturingLogger<T> : CapturingLogger, ILogger<T>;
