using AirMonitor.Edge.Outbox;
using AirMonitor.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static AirMonitor.Edge.Tests.Outbox.Readings;

namespace AirMonitor.Edge.Tests.Outbox;

/// <summary>A database that is corrupt, truncated or gone never makes a seq be used twice.</summary>
public sealed class OutboxRecoveryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly CapturingLogger _logger = new();

    private string DatabasePath => _directory.Combine("outbox.db");

    private string SeqPath => DatabasePath + ".seq";

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Database_with_a_garbage_header_is_moved_aside_and_seqs_continue_above_the_reserved_mark()
    {
        AddAndClose(50);
        var originalLength = new FileInfo(DatabasePath).Length;
        OverwriteWithGarbage(DatabasePath, offset: 0, count: 100);

        using var store = Open();
        var next = store.Add(Device, Batch(1));

        Assert.Equal(1, store.Depth);
        Assert.Equal(SeqReservation.Block + 1, next.Seq);
        var movedAside = _directory.Combine("outbox.db.corrupt-20251122T020000Z");
        Assert.Equal(originalLength, new FileInfo(movedAside).Length);
        var critical = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Critical);
        Assert.Contains($"moved it aside to {movedAside}", critical.Message, StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("above the reserved high-water mark 1000", StringComparison.Ordinal));
    }

    [Fact]
    public void Truncated_database_is_detected_moved_aside_and_seqs_continue_above_every_seq_used()
    {
        AddAndClose(1_500, samplesEach: 4);
        using (var file = new FileStream(DatabasePath, FileMode.Open))
        {
            file.SetLength(file.Length / 2);
        }

        using var store = Open();
        var next = store.Add(Device, Batch(1));

        Assert.Equal(1, store.Depth);
        Assert.Equal(2_001, next.Seq);
        Assert.Single(Directory.GetFiles(_directory.Path, "outbox.db.corrupt-*"));
        Assert.Single(_logger.Entries, e => e.Level == LogLevel.Critical);
    }

    [Fact]
    public void Corrupt_database_whose_seq_file_is_also_lost_starts_seqs_at_the_clock_floor()
    {
        AddAndClose(5);
        OverwriteWithGarbage(DatabasePath, offset: 0, count: 100);
        File.Delete(SeqPath);

        using var store = Open();

        Assert.Equal(Start.ToUnixTimeMilliseconds(), store.Add(Device, Batch(1)).Seq);
        Assert.Equal(2, _logger.Entries.Count(e => e.Level == LogLevel.Critical));
    }

    [Fact]
    public void Deleted_database_resumes_above_the_seq_file_without_a_corrupt_copy()
    {
        AddAndClose(3);
        File.Delete(DatabasePath);

        using var store = Open();

        Assert.Equal(SeqReservation.Block + 1, store.Add(Device, Batch(1)).Seq);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.corrupt-*"));
    }

    [Fact]
    public void Lost_seq_file_beside_a_healthy_database_is_rewritten_and_seqs_continue_without_a_gap()
    {
        AddAndClose(3);
        File.Delete(SeqPath);

        using (var store = Open())
        {
            Assert.Equal(4, store.Add(Device, Batch(4)).Seq);
        }

        using var reservation = SeqReservation.Open(SeqPath);
        Assert.Equal(4 + SeqReservation.Block - 1, reservation.ReservedThrough);
    }

    [Fact]
    public void Healthy_database_is_opened_in_place_without_a_loud_log()
    {
        AddAndClose(3);

        using var store = Open();

        Assert.Equal(3, store.Depth);
        Assert.DoesNotContain(_logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal($"Outbox {DatabasePath} open: 3 messages ({store.SizeBytes} bytes) waiting, next seq 4, 0 evicted so far", _logger.Entries.Single().Message);
    }

    [Fact]
    public void Seq_reservation_is_durable_and_grows_a_block_at_a_time()
    {
        using (var reservation = SeqReservation.Open(SeqPath))
        {
            Assert.Null(reservation.ReservedThrough);
            reservation.Cover(1);
            reservation.Cover(1_000);
            Assert.Equal(1_000, reservation.ReservedThrough);
        }

        using (var reservation = SeqReservation.Open(SeqPath))
        {
            Assert.Equal(1_000, reservation.ReservedThrough);
            reservation.Cover(1_001);
        }

        using var reopened = SeqReservation.Open(SeqPath);
        Assert.Equal(2_000, reopened.ReservedThrough);
    }

    [Fact]
    public void Torn_write_of_one_seq_slot_falls_back_to_the_previous_reservation()
    {
        using (var reservation = SeqReservation.Open(SeqPath))
        {
            reservation.Cover(1);
            reservation.Cover(1_001);
        }

        // The newest reservation went to the second slot; spoil its second copy of the number as a torn write would.
        var bytes = File.ReadAllBytes(SeqPath);
        bytes[^5] = (byte)'9';
        File.WriteAllBytes(SeqPath, bytes);

        using var reopened = SeqReservation.Open(SeqPath);
        Assert.Equal(1_000, reopened.ReservedThrough);
        reopened.Cover(1_001);
        Assert.Equal(2_000, reopened.ReservedThrough);
    }

    [Fact]
    public void Unreadable_seq_file_reads_as_no_reservation_and_is_rewritten_whole()
    {
        File.WriteAllText(SeqPath, "not a reservation");

        using (var reservation = SeqReservation.Open(SeqPath))
        {
            Assert.Null(reservation.ReservedThrough);
            reservation.Cover(7);
        }

        using (var reopened = SeqReservation.Open(SeqPath))
        {
            Assert.Equal(1_006, reopened.ReservedThrough);
        }

        Assert.StartsWith("airmon outbox seq reservation v1\n0000000000000001006 0000000000000001006\n", File.ReadAllText(SeqPath), StringComparison.Ordinal);
    }

    private OutboxStore Open() => OutboxStore.Open(DatabasePath, new OutboxOptions(), _time, _logger);

    private void AddAndClose(int count, int samplesEach = 1)
    {
        using var store = OutboxStore.Open(DatabasePath, new OutboxOptions(), _time);
        for (var i = 0; i < count; i++)
        {
            store.Add(Device, Batch(i, samplesEach));
        }
    }

    private static void OverwriteWithGarbage(string path, long offset, int count)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = offset;
        file.Write(Enumerable.Range(0, count).Select(i => (byte)(0xA5 ^ i)).ToArray());
    }
}
