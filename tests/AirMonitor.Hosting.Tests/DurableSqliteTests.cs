using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Hosting.Tests;

public sealed class DurableSqliteTests : IDisposable
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS entry (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";

    private readonly string _directory = Directory.CreateTempSubdirectory("airmon-durable-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 11, 22, 2, 3, 4, TimeSpan.Zero));

    private string DatabasePath => Path.Combine(_directory, "state", "store.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_new_file_is_created_with_its_directory_in_WAL_mode_with_every_commit_fsynced()
    {
        var file = DurableSqlite.Open(DatabasePath, 3, Schema, _time);
        using var connection = file.Connection;

        Assert.Equal((null, null), (file.MovedAsideTo, file.Problem));
        Assert.True(File.Exists(DatabasePath));
        Assert.Equal("wal", connection.Scalar("PRAGMA journal_mode"));
        Assert.Equal(2L, connection.Scalar("PRAGMA synchronous")); // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA)
        Assert.Equal(4_194_304L, connection.Scalar("PRAGMA journal_size_limit"));
        Assert.Equal(5000L, connection.Scalar("PRAGMA busy_timeout"));
        Assert.Equal(3L, connection.Scalar("PRAGMA user_version"));
        Assert.Equal("entry", connection.Scalar("SELECT name FROM sqlite_master WHERE type = 'table'"));
    }

    [Fact]
    public void Reopening_a_sound_file_keeps_its_rows_and_moves_nothing()
    {
        using (var first = DurableSqlite.Open(DatabasePath, 1, Schema, _time).Connection)
        {
            first.Execute("INSERT INTO entry (body) VALUES ('kept'), ('also kept')");
        }

        var file = DurableSqlite.Open(DatabasePath, 1, Schema, _time);
        using var connection = file.Connection;

        Assert.Equal((null, null), (file.MovedAsideTo, file.Problem));
        Assert.Equal(2L, connection.Scalar("SELECT count(*) FROM entry"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!, "*.corrupt-*"));
    }

    [Fact]
    public void An_older_file_is_brought_to_the_new_version_with_its_rows()
    {
        using (var first = DurableSqlite.Open(DatabasePath, 1, Schema, _time).Connection)
        {
            first.Execute("INSERT INTO entry (body) VALUES ('v1')");
        }

        using var connection = DurableSqlite.Open(DatabasePath, 2, Schema + "; CREATE TABLE IF NOT EXISTS extra (id INTEGER)", _time).Connection;

        Assert.Equal(2L, connection.Scalar("PRAGMA user_version"));
        Assert.Equal("v1", connection.Scalar("SELECT body FROM entry"));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM extra"));
    }

    [Fact]
    public void A_file_of_garbage_is_moved_aside_whole_and_a_fresh_one_takes_its_place()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7 % 251)).ToArray();
        File.WriteAllBytes(DatabasePath, garbage);

        var file = DurableSqlite.Open(DatabasePath, 1, Schema, _time);
        using var connection = file.Connection;

        Assert.Equal(DatabasePath + ".corrupt-20251122T020304Z", file.MovedAsideTo);
        Assert.Contains("file is not a database", file.Problem, StringComparison.Ordinal);
        Assert.Equal(garbage, File.ReadAllBytes(file.MovedAsideTo!));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM entry"));
        Assert.Equal(("wal", 1L), (connection.Scalar("PRAGMA journal_mode"), connection.Scalar("PRAGMA user_version")));
    }

    [Fact]
    public void A_file_with_damaged_pages_fails_the_quick_check_and_is_moved_aside()
    {
        using (var first = DurableSqlite.Open(DatabasePath, 1, Schema, _time).Connection)
        {
            first.Execute("CREATE INDEX IF NOT EXISTS entry_body ON entry (body)");
            using var insert = first.BeginTransaction();
            for (var i = 0; i < 2000; i++)
            {
                first.Execute($"INSERT INTO entry (body) VALUES ('row {i} {new string('x', 100)}')", insert);
            }

            insert.Commit();
        }

        // Page 3 onwards (4 KiB pages) overwritten; the header on page 1 stays, so SQLite opens the file and the check finds the damage.
        using (var stream = new FileStream(DatabasePath, FileMode.Open))
        {
            stream.Position = 2 * 4096;
            stream.Write(Enumerable.Repeat((byte)0xA5, 6 * 4096).ToArray());
        }

        var file = DurableSqlite.Open(DatabasePath, 1, Schema, _time);
        using var connection = file.Connection;

        Assert.Equal(DatabasePath + ".corrupt-20251122T020304Z", file.MovedAsideTo);
        Assert.StartsWith("*** in database main ***", file.Problem, StringComparison.Ordinal); // quick_check's own report, not an exception
        Assert.True(File.Exists(file.MovedAsideTo));
        Assert.Equal(0L, connection.Scalar("SELECT count(*) FROM entry"));
    }

    [Fact]
    public void Two_corrupt_files_in_the_same_second_are_both_kept()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        File.WriteAllText(DatabasePath, "first garbage, long enough to be read as a header...........................................");
        DurableSqlite.Open(DatabasePath, 1, Schema, _time).Connection.Dispose();
        File.WriteAllText(DatabasePath, "second garbage, long enough to be read as a header..........................................");

        var file = DurableSqlite.Open(DatabasePath, 1, Schema, _time);
        file.Connection.Dispose();

        Assert.Equal(DatabasePath + ".corrupt-20251122T020304Z-2", file.MovedAsideTo);
        Assert.StartsWith("first", File.ReadAllText(DatabasePath + ".corrupt-20251122T020304Z"), StringComparison.Ordinal);
        Assert.StartsWith("second", File.ReadAllText(file.MovedAsideTo!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_of_a_newer_schema_is_refused_and_left_as_it_is()
    {
        using (var newer = DurableSqlite.Open(DatabasePath, 5, Schema, _time).Connection)
        {
            newer.Execute("INSERT INTO entry (body) VALUES ('written by a newer build')");
        }

        var error = Assert.Throws<IOException>(() => DurableSqlite.Open(DatabasePath, 4, Schema, _time));

        Assert.Equal($"the database {DatabasePath} has schema version 5; this build knows up to 4", error.Message);
        using var check = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        check.Open();
        Assert.Equal((5L, "written by a newer build"), (check.Scalar("PRAGMA user_version"), check.Scalar("SELECT body FROM entry")));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!, "*.corrupt-*"));
    }
}
