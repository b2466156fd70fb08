using System.Globalization;
using Microsoft.Data.Sqlite;

namespace AirMonitor.Hosting;

/// <summary>An open durable SQLite file; <see cref="MovedAsideTo"/> and <see cref="Problem"/> say what happened to a corrupt one.</summary>
public sealed record DurableSqliteFile(SqliteConnection Connection, string? MovedAsideTo, string? Problem);

/// <summary>
/// The SQLite files the hosts keep beside them (the edge's outbox, the ingest's seq ledger and alert store), opened one
/// way: WAL with every commit fsynced, checked at open, a corrupt file moved aside and replaced by an empty one, a file
/// of a newer schema refused.
/// </summary>
public static class DurableSqlite
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// Opens (creating it and its directory) the file at <paramref name="path"/> and applies <paramref name="schema"/>
    /// (idempotent DDL) as version <paramref name="version"/>. A file that fails SQLite's quick check is moved aside,
    /// with its WAL, to <c>{path}.corrupt-{utc}</c>, and an empty one takes its place: the caller logs it.
    /// </summary>
    /// <exception cref="IOException">The file was written by a newer build, or the file system refuses.</exception>
    public static DurableSqliteFile Open(string path, int version, string schema, TimeProvider time)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string? movedTo = null;
        var connection = TryOpen(fullPath, out var problem);
        if (connection is null)
        {
            movedTo = MoveAside(fullPath, time);
            connection = TryOpen(fullPath, out var again) ?? throw new IOException($"a fresh database {fullPath} fails its integrity check: {again}");
        }

        try
        {
            ApplySchema(connection, version, schema);
            return new DurableSqliteFile(connection, movedTo, problem);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="sql"/>.</summary>
    public static void Execute(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of its first row.</summary>
    public static object? Scalar(this SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    /// <summary>Opens and checks the file; <see langword="null"/> with the <paramref name="problem"/> if it is corrupt.</summary>
    private static SqliteConnection? TryOpen(string path, out string? problem)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // a pooled connection would keep the file open after Dispose
        }.ToString());
        try
        {
            connection.Open();
            Configure(connection);
            problem = QuickCheck(connection);
            if (problem is null)
            {
                return connection;
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            problem = e.Message;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        connection.Dispose();
        return null;
    }

    private static void Configure(SqliteConnection connection)
    {
        // Another process (an operator's sqlite3) may hold a lock for a moment.
        connection.Execute("PRAGMA busy_timeout = 5000");

        // WAL: a commit appends to the log and never rewrites pages in place, so a power cut mid-write leaves
        // the last committed state readable; readers do not block the writer.
        var mode = connection.Scalar("PRAGMA journal_mode = WAL") as string;
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"the database {connection.DataSource} cannot use WAL mode (got '{mode}'): is it on a file system without shared memory?");
        }

        // FULL, not NORMAL: with NORMAL in WAL mode a commit is not fsynced, so a power cut can roll back what was
        // already acknowledged (an outbox's seqs, a ledger's settled messages). FULL costs one fsync of the WAL per commit.
        connection.Execute("PRAGMA synchronous = FULL");

        // After a checkpoint the WAL file is cut back to this, so a burst does not keep disk space.
        connection.Execute("PRAGMA journal_size_limit = 4194304");
    }

    private static string? QuickCheck(SqliteConnection connection)
    {
        // quick_check: the structural checks of integrity_check without cross-checking indexes, O(size) reads.
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5)";
        using var reader = command.ExecuteReader();
        var problems = new List<string>();
        while (reader.Read())
        {
            problems.Add(reader.GetString(0));
        }

        return problems is ["ok"] ? null : string.Join("; ", problems);
    }

    private static string MoveAside(string path, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.corrupt-{stamp}";
        for (var i = 2; File.Exists(target); i++)
        {
            target = $"{path}.corrupt-{stamp}-{i}";
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, target + suffix);
            }
        }

        return target;
    }

    private static void ApplySchema(SqliteConnection connection, int version, string schema)
    {
        var found = Convert.ToInt32(connection.Scalar("PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (found > version)
        {
            throw new IOException($"the database {connection.DataSource} has schema version {found}; this build knows up to {version}");
        }

        using var transaction = connection.BeginTransaction();
        connection.Execute(schema, transaction);
        connection.Execute($"PRAGMA user_version = {version}", transaction);
        transaction.Commit();
    }
}
