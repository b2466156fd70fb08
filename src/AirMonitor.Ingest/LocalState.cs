using AirMonitor.Hosting;
using Microsoft.Data.Sqlite;

namespace AirMonitor.Ingest;

/// <summary>The ingest's own files and timers: the SQLite stores beside it (seq ledger, alert store) and its periodic rounds.</summary>
internal static partial class LocalState
{
    /// <summary>The version of every schema the ingest keeps (the seq ledger, the alert store); PRAGMA user_version.</summary>
    private const int SchemaVersion = 1;

    /// <summary>
    /// Opens (creating it and its directory) one of the ingest's SQLite files the way the edge opens its outbox
    /// (<see cref="DurableSqlite"/>): every commit on disk when it returns, checked at open; a corrupt file is moved aside,
    /// logged as critical, and replaced by an empty one (its accounts or alert tracks start again).
    /// </summary>
    public static SqliteConnection OpenDurable(string path, string schema, ILogger? logger)
    {
        var file = DurableSqlite.Open(path, SchemaVersion, schema, TimeProvider.System);
        if (file.MovedAsideTo is { } movedTo && logger is not null)
        {
            LogMovedAside(logger, path, file.Problem ?? "", movedTo);
        }

        return file.Connection;
    }

    /// <summary>Runs <paramref name="round"/> every <paramref name="interval"/> until stopped; a stop ends the loop quietly.</summary>
    public static async Task EveryAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await round(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Path} failed its integrity check ({Problem}); moved aside to {MovedTo}, starting with an empty one")]
    private static partial void LogMovedAside(ILogger logger, string path, string problem, string movedTo);
}
