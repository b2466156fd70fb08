using Microsoft.Data.Sqlite;

namespace AirMonitor.Ingest;

/// <summary>The ingest's own files and timers: the SQLite stores beside it (seq ledger, alert store) and its periodic rounds.</summary>
internal static class LocalState
{
    /// <summary>Opens (creating it and its directory) a SQLite file in WAL mode whose commits are on disk when they return.</summary>
    public static SqliteConnection OpenDurable(string path, string schema)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        db.Open();
        db.Execute($"""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            {schema}
            """);
        return db;
    }

    public static void Execute(this SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
}
