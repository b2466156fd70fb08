using AirMonitor.Edge.Outbox;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using static AirMonitor.Edge.Tests.Outbox.Readings;

namespace AirMonitor.Edge.Tests.Outbox;

/// <summary>Random runs of add / take / ack / clock / reopen, checked step by step against a plain in-memory model.</summary>
public sealed class OutboxModelTests
{
    private const long MaxBytes = 1_500;
    private static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(30);

    private static readonly Gen<Step> GenStep = Gen.Frequency(
        (5, Gen.Int[1, 3].Select(n => (Step)new AddStep(n))),
        (3, Gen.Int[1, 4].Select(n => (Step)new TakeStep(n))),
        (3, Gen.Long[0, 25].Array[1, 4].Select(s => (Step)new AckStep(s))),
        (2, Gen.Int[0, 45].Select(s => (Step)new ClockStep(s))),
        (1, Gen.Const((Step)new ReopenStep())));

    [Fact]
    public void Outbox_behaves_like_a_bounded_seq_ordered_queue_with_resend()
    {
        GenStep.Array[1, 40].Sample(Run, iter: 60);
    }

    private static void Run(Step[] steps)
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 11, 22, 2, 0, 0, TimeSpan.Zero));
        var path = directory.Combine("outbox.db");
        var options = new OutboxOptions { MaxBytes = MaxBytes };
        var store = OutboxStore.Open(path, options, time);
        var model = new SortedDictionary<long, (int Size, int Attempts, DateTimeOffset? LastSentAt)>();
        long nextSeq = 1, evicted = 0;
        try
        {
            foreach (var step in steps)
            {
                switch (step)
                {
                    case AddStep add:
                        var entry = store.Add(Device, Batch((int)nextSeq, add.Samples));
                        Assert.Equal(nextSeq++, entry.Seq);
                        while (model.Count > 0 && model.Values.Sum(v => v.Size) + entry.Payload.Length > MaxBytes)
                        {
                            model.Remove(model.Keys.First());
                            evicted++;
                        }

                        model[entry.Seq] = (entry.Payload.Length, 0, null);
                        break;
                    case TakeStep take:
                        var now = time.GetUtcNow();
                        var expected = model.Where(kv => kv.Value.LastSentAt is not { } sent || now - sent >= ResendAfter).Take(take.Max).Select(kv => kv.Key).ToList();
                        var due = store.TakeDue(take.Max, ResendAfter);
                        Assert.Equal(expected, due.Select(e => e.Seq));
                        foreach (var seq in expected)
                        {
                            model[seq] = model[seq] with { Attempts = model[seq].Attempts + 1, LastSentAt = now };
                        }

                        Assert.Equal(expected.Select(s => model[s].Attempts), due.Select(e => e.Attempts));
                        break;
                    case AckStep ack:
                        var present = ack.Seqs.Distinct().Count(model.Remove);
                        Assert.Equal(present, store.Acknowledge(ack.Seqs));
                        break;
                    case ClockStep clock:
                        time.Advance(TimeSpan.FromSeconds(clock.Seconds));
                        break;
                    case ReopenStep:
                        store.Dispose();
                        store = OutboxStore.Open(path, options, time);
                        break;
                }

                Assert.Equal(model.Count, store.Depth);
                Assert.Equal(model.Values.Sum(v => (long)v.Size), store.SizeBytes);
                Assert.Equal(evicted, store.Evicted);
            }
        }
        finally
        {
            store.Dispose();
        }
    }

    private abstract record Step;

    private sealed record AddStep(int Samples) : Step;

    private sealed record TakeStep(int Max) : Step;

    private sealed record AckStep(long[] Seqs) : Step;

    private sealed record ClockStep(int Seconds) : Step;

    private sealed record ReopenStep : Step;
}
