using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Observability;
using AirMonitor.Testing;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AirMonitor.Ingest.Tests;

public sealed class SeqLedgerTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"airmon-ledger-{Guid.NewGuid():N}.db");
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void Accounts_are_on_disk_when_record_returns_and_reopen_as_they_were()
    {
        using (var ledger = Open())
        {
            ledger.Record([("a", 1), ("b", 7), ("a", 4), ("a", 2), ("a", 2)]);
        }

        using var reopened = Open();
        Assert.Equal(
            [
                new DeviceSeqStatus("a", 1, 4, 1, "3", Repeats: 1, Late: 1, Gaps: 1, Unresolved: 0),
                new DeviceSeqStatus("b", 7, 7, 0, "", 0, 0, 0, 0),
            ],
            reopened.Snapshot());
        reopened.Record([("a", 3)]);
        Assert.Equal(0, reopened.Snapshot().Single(d => d.Device == "a").Missing);
    }

    [Fact]
    public void Snapshot_of_changes_returns_each_device_once_until_it_changes_again()
    {
        using var ledger = Open();
        ledger.Record([("a", 1), ("b", 1)]);
        Assert.Equal(["a", "b"], ledger.Snapshot(changedOnly: true).Select(d => d.Device));
        Assert.Empty(ledger.Snapshot(changedOnly: true));
        ledger.Record([("b", 2)]);
        Assert.Equal(["b"], ledger.Snapshot(changedOnly: true).Select(d => d.Device));
        Assert.Equal(2, ledger.Snapshot().Count);
    }

    [Fact]
    public void A_damaged_account_fails_the_start_naming_the_file_and_the_device()
    {
        using (var ledger = Open())
        {
            ledger.Record([("a", 1), ("a", 5)]);
        }

        using (var db = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE seq_account SET missing = '9-12' WHERE device = 'a'";
            update.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidDataException>(Open);
        Assert.Equal($"seq ledger {_path}: the account of 'a' is damaged: missing range 9-12 does not fit between 1 and 5", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_moved_aside_and_the_ledger_starts_empty()
    {
        File.WriteAllBytes(_path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);

        using var ledger = Open();
        Assert.Empty(ledger.Snapshot());
        ledger.Record([("a", 1)]);
        var aside = Assert.Single(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + ".corrupt-*"));
        Assert.Equal(8192, new FileInfo(aside).Length);
    }

    [Fact]
    public void A_ledger_of_a_newer_schema_is_refused_not_overwritten()
    {
        using (Open())
        {
        }

        using (var db = new SqliteConnection($"Data Source={_path};Pooling=False"))
        {
            db.Open();
            using var pragma = db.CreateCommand();
            pragma.CommandText = "PRAGMA user_version = 2";
            pragma.ExecuteNonQuery();
        }

        var error = Assert.Throws<IOException>(Open);
        Assert.Equal($"the database {_path} has schema version 2; this build knows up to 1", error.Message);
    }

    [Fact]
    public void A_commit_the_full_disk_refuses_leaves_the_accounts_as_on_disk_and_goes_in_once_when_there_is_room()
    {
        using var disk = new SmallDisk();
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory);
        var metrics = new IngestMetrics(factory);
        var health = new LocalStoreHealth(metrics, TimeProvider.System, new CapturingLogger<LocalStoreHealth>());
        using var ledger = new SeqLedger(disk.Combine("seq-ledger.db"), metrics, health: health);
        ledger.Record([("a", 1)]);
        var before = ledger.Snapshot();

        disk.Fill();
        Assert.Equal(13, Assert.Throws<SqliteException>(() => ledger.Record([("a", 2), ("a", 5), ("b", 1)])).SqliteErrorCode); // SQLITE_FULL
        Assert.Equal(before, ledger.Snapshot());
        Assert.Equal(1, ledger.ContiguousThrough("a"));
        Assert.Null(ledger.ContiguousThrough("b"));
        Assert.Equal([LocalStoreHealth.SeqLedger], health.FailingSince.Keys);

        disk.Free();
        ledger.Record([("a", 2), ("a", 5), ("b", 1)]);

        Assert.Empty(health.FailingSince);
        DeviceSeqStatus[] after = [new("a", 1, 5, 2, "3-4", Repeats: 0, Late: 0, Gaps: 1, Unresolved: 0), new("b", 1, 1, 0, "", 0, 0, 0, 0)];
        Assert.Equal(after, ledger.Snapshot());
        var samples = PrometheusExporter.ParseSamples(exporter.Render());
        Assert.Equal((2d, 1d, 1d, 2d, 1d), (samples["airmon_ingest_seq_total{outcome=\"first\"}"], samples["airmon_ingest_seq_total{outcome=\"next\"}"],
            samples["airmon_ingest_seq_total{outcome=\"gap\"}"], samples["airmon_ingest_seq_missing"], samples["airmon_ingest_local_store_failures_total{store=\"seq-ledger\"}"]));
        using var reopened = new SeqLedger(disk.Combine("seq-ledger.db"), metrics);
        Assert.Equal(after, reopened.Snapshot());
    }

    public void Dispose()
    {
        _services.Dispose();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    private SeqLedger Open() => new(_path, new IngestMetrics(_services.GetRequiredService<IMeterFactory>()));
}
