using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Testing;
using Microsoft.Extensions.Time.Testing;
using static AirMonitor.Edge.Tests.Outbox.Readings;

namespace AirMonitor.Edge.Tests.Outbox;

public sealed class OutboxStoreTests : IDisposable
{
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Start = new(2025, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(Start);

    private string DatabasePath => _directory.Combine("outbox.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Add_numbers_messages_from_1_and_stores_the_encoded_batch()
    {
        using var store = Open();

        var first = store.Add(Device, Batch(1));
        var second = store.Add(Device, Batch(2, samples: 2));

        Assert.Equal((1, 2), (first.Seq, second.Seq));
        var decoded = WireCodec.DecodeReadings(second.Payload.Span);
        Assert.Equal(Device, decoded.Device);
        Assert.Equal(2, decoded.Seq);
        Assert.Equal([1_763_776_920_000, 1_763_776_980_000], decoded.Samples.Select(s => s.Ts));
        Assert.Equal(3.0, decoded.Samples[1].Values["pm2_5"]);
        Assert.Equal(Start, first.CreatedAt);
        Assert.Equal((0, (DateTimeOffset?)null), (first.Attempts, first.LastSentAt));
        Assert.Equal(2, store.Depth);
        Assert.Equal(first.Payload.Length + second.Payload.Length, store.SizeBytes);
    }

    [Fact]
    public void TakeUnsent_hands_out_only_the_named_messages_never_sent_and_TakeDue_then_skips_them()
    {
        using var store = Open();
        for (var i = 1; i <= 6; i++)
        {
            store.Add(Device, Batch(i));
        }

        store.TakeDue(2, ResendAfter);
        store.Acknowledge([3]);
        _time.Advance(TimeSpan.FromSeconds(1));

        var live = store.TakeUnsent([6, 2, 3, 99, 5]);
        var backlog = store.TakeDue(10, ResendAfter);

        Assert.Equal([6, 5], live.Select(e => e.Seq));
        Assert.All(live, e => Assert.Equal((1, Start.AddSeconds(1)), (e.Attempts, e.LastSentAt!.Value)));
        Assert.Equal(5, WireCodec.DecodeReadings(live[1].Payload.Span).Seq);
        Assert.Equal([4], backlog.Select(e => e.Seq));
    }

    [Fact]
    public void TakeDue_hands_out_the_oldest_first_up_to_max_and_marks_them_sent()
    {
        using var store = Open();
        for (var i = 1; i <= 5; i++)
        {
            store.Add(Device, Batch(i));
        }

        _time.Advance(TimeSpan.FromSeconds(3));
        var firstTake = store.TakeDue(3, ResendAfter);
        var secondTake = store.TakeDue(3, ResendAfter);
        var thirdTake = store.TakeDue(3, ResendAfter);

        Assert.Equal([1, 2, 3], firstTake.Select(e => e.Seq));
        Assert.All(firstTake, e => Assert.Equal((1, Start.AddSeconds(3)), (e.Attempts, e.LastSentAt!.Value)));
        Assert.Equal([4, 5], secondTake.Select(e => e.Seq));
        Assert.Empty(thirdTake);
        Assert.Equal(5, store.Depth);
    }

    [Fact]
    public void Sent_message_is_due_again_only_once_resendAfter_has_passed_without_an_ack()
    {
        using var store = Open();
        store.Add(Device, Batch(1));
        store.TakeDue(10, ResendAfter);

        _time.Advance(ResendAfter - TimeSpan.FromMilliseconds(1));
        var tooEarly = store.TakeDue(10, ResendAfter);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var due = store.TakeDue(10, ResendAfter);

        Assert.Empty(tooEarly);
        var resent = Assert.Single(due);
        Assert.Equal((1, 2, Start + ResendAfter), (resent.Seq, resent.Attempts, resent.LastSentAt!.Value));
    }

    [Fact]
    public void Resent_message_carries_its_original_seq_and_payload_ahead_of_newer_ones()
    {
        using var store = Open();
        var original = store.Add(Device, Batch(7));
        store.TakeDue(10, ResendAfter);
        _time.Advance(TimeSpan.FromSeconds(10));
        var newer = store.Add(Device, Batch(8));

        _time.Advance(ResendAfter);
        var due = store.TakeDue(10, ResendAfter);

        Assert.Equal([original.Seq, newer.Seq], due.Select(e => e.Seq));
        Assert.Equal(original.Payload.ToArray(), due[0].Payload.ToArray());
        Assert.Equal(Start, due[0].CreatedAt);
        Assert.Equal((2, 1), (due[0].Attempts, due[1].Attempts));
    }

    [Fact]
    public void Acknowledge_removes_the_messages_and_counts_only_those_present()
    {
        using var store = Open();
        var entries = Enumerable.Range(1, 3).Select(i => store.Add(Device, Batch(i))).ToList();

        var removed = store.Acknowledge([1, 3, 3, 99]);

        Assert.Equal(2, removed);
        Assert.Equal(1, store.Depth);
        Assert.Equal(entries[1].Payload.Length, store.SizeBytes);
        Assert.Equal([2], store.TakeDue(10, ResendAfter).Select(e => e.Seq));
    }

    [Fact]
    public void Acknowledging_unknown_seqs_is_harmless()
    {
        using var store = Open();

        var onEmpty = store.Acknowledge([42, -1, 0, long.MaxValue]);
        store.Add(Device, Batch(1));
        var onOther = store.Acknowledge([2]);

        Assert.Equal((0, 0), (onEmpty, onOther));
        Assert.Equal(1, store.Depth);
    }

    [Fact]
    public void Ack_message_removes_stored_and_rejected_seqs_alike()
    {
        using var store = Open();
        for (var i = 1; i <= 4; i++)
        {
            store.Add(Device, Batch(i));
        }

        var removed = store.Acknowledge(new AckMessage(Device, Stored: [1, 4], Rejected: [new RejectedSeq(3, "out_of_range")]));

        Assert.Equal(3, removed);
        Assert.Equal([2], store.TakeDue(10, ResendAfter).Select(e => e.Seq));
    }

    [Fact]
    public void Ack_message_for_another_device_removes_nothing()
    {
        using var store = Open();
        store.Add(Device, Batch(1));

        var removed = store.Acknowledge(new AckMessage("yok-tsurumi-02", Stored: [1], Rejected: []));

        Assert.Equal(0, removed);
        Assert.Equal(1, store.Depth);
    }

    [Fact]
    public void Seqs_keep_increasing_across_close_and_reopen_even_when_everything_was_acknowledged()
    {
        using (var store = Open())
        {
            store.Add(Device, Batch(1));
            store.Add(Device, Batch(2));
            store.Acknowledge([1, 2]);
        }

        long taken;
        using (var store = Open())
        {
            Assert.Equal(3, store.Add(Device, Batch(3)).Seq);
            taken = store.NextSeq();
        }

        using var reopened = Open();
        Assert.Equal(4, taken);
        Assert.Equal(5, reopened.Add(Device, Batch(5)).Seq);
        Assert.Equal(6, reopened.NextSeq());
    }

    [Fact]
    public void Waiting_messages_and_their_send_state_survive_reopen()
    {
        OutboxEntry original;
        using (var store = Open())
        {
            original = store.Add(Device, Batch(1));
            store.Add(Device, Batch(2));
            store.TakeDue(1, ResendAfter);
        }

        using var reopened = Open();
        var dueAtOnce = reopened.TakeDue(10, ResendAfter);
        _time.Advance(ResendAfter);
        var dueLater = reopened.TakeDue(10, ResendAfter);

        Assert.Equal(2, reopened.Depth);
        Assert.Equal([2], dueAtOnce.Select(e => e.Seq));
        Assert.Equal([1, 2], dueLater.Select(e => e.Seq));
        Assert.Equal(original.Payload.ToArray(), dueLater[0].Payload.ToArray());
        Assert.Equal([2, 2], dueLater.Select(e => e.Attempts));
    }

    [Fact]
    public void Full_outbox_evicts_the_oldest_first_and_counts_each_eviction()
    {
        var size = WireCodec.Encode(new ReadingBatch(Device, 1, Batch(1))).Length;
        var evictions = new List<OutboxEvictionEventArgs>();
        using var store = Open(maxBytes: 5L * size);
        store.EntriesEvicted += (_, e) => evictions.Add(e);

        for (var i = 1; i <= 8; i++)
        {
            store.Add(Device, Batch(i));
        }

        Assert.Equal(3, store.Evicted);
        Assert.Equal(5, store.Depth);
        Assert.Equal(5L * size, store.SizeBytes);
        Assert.Equal([4, 5, 6, 7, 8], store.TakeDue(10, ResendAfter).Select(e => e.Seq));
        Assert.Equal([(1L, 1L, 1L, 1L), (1, 2, 2, 2), (1, 3, 3, 3)], evictions.Select(e => (e.Count, e.FirstSeq, e.LastSeq, e.EvictedTotal)));
    }

    [Fact]
    public void A_larger_message_evicts_as_many_old_ones_as_it_needs_and_the_count_survives_reopen()
    {
        var size = WireCodec.Encode(new ReadingBatch(Device, 1, Batch(1))).Length;
        var evictions = new List<OutboxEvictionEventArgs>();
        using (var store = Open(maxBytes: 5L * size))
        {
            for (var i = 1; i <= 5; i++)
            {
                store.Add(Device, Batch(i));
            }

            store.EntriesEvicted += (_, e) => evictions.Add(e);
            var big = store.Add(Device, Batch(6, samples: 2));
            Assert.InRange(big.Payload.Length, size + 1, 2 * size);
        }

        using var reopened = Open(maxBytes: 5L * size);
        var eviction = Assert.Single(evictions);
        Assert.Equal((2L, 1L, 2L, 2L), (eviction.Count, eviction.FirstSeq, eviction.LastSeq, eviction.EvictedTotal));
        Assert.Equal(2, reopened.Evicted);
        Assert.Equal([3, 4, 5, 6], reopened.TakeDue(10, ResendAfter).Select(x => x.Seq));
    }

    [Fact]
    public void Eviction_is_logged_as_a_warning_with_the_seqs_dropped()
    {
        var size = WireCodec.Encode(new ReadingBatch(Device, 1, Batch(1))).Length;
        var logger = new CapturingLogger();
        using var store = OutboxStore.Open(DatabasePath, new OutboxOptions { MaxBytes = size }, _time, logger);

        store.Add(Device, Batch(1));
        store.Add(Device, Batch(2));

        var warning = Assert.Single(logger.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
        Assert.Equal($"Outbox full ({size} bytes): evicted the 1 oldest messages, seq 1 to 1; 1 evicted in total", warning.Message);
    }

    [Fact]
    public void Message_larger_than_the_whole_bound_is_refused_and_evicts_nothing()
    {
        var size = WireCodec.Encode(new ReadingBatch(Device, 1, Batch(1))).Length;
        using var store = Open(maxBytes: size);
        store.Add(Device, Batch(1));

        var refused = Assert.Throws<ArgumentException>(() => store.Add(Device, Batch(2, samples: 2)));

        Assert.Equal("samples", refused.ParamName);
        Assert.Equal((1L, 0L), (store.Depth, store.Evicted));
        Assert.Equal(2, store.Add(Device, Batch(3)).Seq);
    }

    [Fact]
    public void Oldest_unacknowledged_age_follows_the_oldest_waiting_message()
    {
        using var store = Open();
        var emptyAge = store.OldestUnacknowledgedAge;
        store.Add(Device, Batch(1));
        _time.Advance(TimeSpan.FromSeconds(90));
        store.Add(Device, Batch(2));
        var ageOfFirst = store.OldestUnacknowledgedAge;
        store.Acknowledge([1]);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Null(emptyAge);
        Assert.Equal(TimeSpan.FromSeconds(90), ageOfFirst);
        Assert.Equal(TimeSpan.FromSeconds(10), store.OldestUnacknowledgedAge);
    }

    [Fact]
    public void Clock_set_back_makes_in_flight_messages_due_instead_of_stranding_them()
    {
        using (var store = Open())
        {
            store.Add(Device, Batch(1));
            store.TakeDue(10, ResendAfter);
        }

        var earlier = new FakeTimeProvider(Start.AddHours(-1));
        using var reopened = OutboxStore.Open(DatabasePath, new OutboxOptions(), earlier);

        Assert.Equal([1], reopened.TakeDue(10, ResendAfter).Select(e => e.Seq));
        Assert.Equal(TimeSpan.Zero, reopened.OldestUnacknowledgedAge);
    }

    [Fact]
    public void A_second_open_of_the_same_outbox_is_refused_while_the_first_holds_it()
    {
        using var first = Open();

        var refused = Assert.Throws<IOException>(() => Open());

        Assert.Contains("is another process using this outbox?", refused.Message, StringComparison.Ordinal);
        first.Add(Device, Batch(1));
        Assert.Equal(1, first.Depth);
    }

    [Fact]
    public void Concurrent_adds_from_several_threads_get_distinct_seqs()
    {
        using var store = Open();

        var seqs = new long[4][];
        Parallel.For(0, 4, t => seqs[t] = [.. Enumerable.Range(0, 100).Select(i => store.Add(Device, Batch(i)).Seq)]);

        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), seqs.SelectMany(s => s).Order());
        Assert.All(seqs, s => Assert.Equal(s.Order(), s));
        Assert.Equal(400, store.Depth);
    }

    [Fact]
    public void Add_refuses_a_bad_device_id_and_an_empty_batch_without_taking_a_seq()
    {
        using var store = Open();

        Assert.Throws<ArgumentException>(() => store.Add("bad/device", Batch(1)));
        Assert.Throws<ArgumentException>(() => store.Add(DeviceId.Reserved, Batch(1)));
        Assert.Throws<ArgumentException>(() => store.Add(Device, []));
        Assert.Equal(1, store.Add(Device, Batch(1)).Seq);
    }

    [Fact]
    public void A_bound_of_zero_bytes_fails_at_open_and_creates_nothing()
    {
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => OutboxStore.Open(DatabasePath, new OutboxOptions { MaxBytes = 0 }, _time));

        Assert.Contains("the outbox's MaxBytes must be a positive number of bytes", refused.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(DatabasePath));
    }

    [Fact]
    public void Disposed_store_refuses_further_use()
    {
        var store = Open();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Add(Device, Batch(1)));
        Assert.Throws<ObjectDisposedException>(() => store.TakeDue(1, ResendAfter));
        store.Dispose();
    }

    private OutboxStore Open(long maxBytes = OutboxOptions.DefaultMaxBytes) =>
        OutboxStore.Open(DatabasePath, new OutboxOptions { MaxBytes = maxBytes }, _time);
}
