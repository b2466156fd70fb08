using AirMonitor.Core.Metrics;
using AirMonitor.Edge.Sampling;

namespace AirMonitor.Edge.Tests.Sampling;

public sealed class ClockGuardTests
{
    private static readonly DateTimeOffset Build = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset TrueNow = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clock_before_the_build_date_is_not_trusted_even_if_ntp_says_synchronized()
    {
        var clock = new PiClock(DateTimeOffset.UnixEpoch);
        var guard = new ClockGuard(clock, () => true, Build);

        Assert.False(guard.IsSynchronized);
        Assert.Null(guard.Stamp(clock.GetTimestamp()));
    }

    [Fact]
    public void Readings_taken_before_ntp_sync_are_held_then_stamped_with_their_true_time()
    {
        var clock = new PiClock(DateTimeOffset.UnixEpoch.AddSeconds(42));
        var synced = false;
        var stamper = new SampleStamper(new ClockGuard(clock, () => synced, Build), maxHeld: 100);

        var first = stamper.Add(new UnstampedSample(clock.GetTimestamp(), "pms", new Dictionary<string, double> { [MetricVocabulary.Pm2_5] = 11 }, []));
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = stamper.Add(new UnstampedSample(clock.GetTimestamp(), "pms", new Dictionary<string, double> { [MetricVocabulary.Pm2_5] = 12 }, []));
        clock.Advance(TimeSpan.FromSeconds(5));
        clock.SetWall(TrueNow);
        synced = true;
        var released = stamper.Release();

        Assert.Empty(first);
        Assert.Empty(second);
        Assert.Equal(
            [(TrueNow.AddSeconds(-15).ToUnixTimeMilliseconds(), 11.0), (TrueNow.AddSeconds(-5).ToUnixTimeMilliseconds(), 12.0)],
            released.Select(s => (s.Ts, s.Values[MetricVocabulary.Pm2_5])));
        Assert.Equal(0, stamper.Held);
        Assert.DoesNotContain(released, s => s.Ts < Build.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Holding_is_bounded_and_what_overflows_is_counted()
    {
        var clock = new PiClock(DateTimeOffset.UnixEpoch);
        var stamper = new SampleStamper(new ClockGuard(clock, () => false, Build), maxHeld: 2);

        for (var i = 0; i < 5; i++)
        {
            stamper.Add(new UnstampedSample(clock.GetTimestamp(), "pms", new Dictionary<string, double> { [MetricVocabulary.Pm2_5] = i }, []));
        }

        Assert.Equal((2, 3L), (stamper.Held, stamper.Dropped));
    }

    [Fact]
    public void A_trusted_clock_stamps_at_once_with_flags_kept()
    {
        var clock = new PiClock(TrueNow);
        var stamper = new SampleStamper(new ClockGuard(clock, () => true, Build), maxHeld: 10);

        var sample = Assert.Single(stamper.Add(new UnstampedSample(clock.GetTimestamp(), "sps30", new Dictionary<string, double> { [MetricVocabulary.Pm2_5] = 3 }, ["warmup"])));

        Assert.Equal(TrueNow.ToUnixTimeMilliseconds(), sample.Ts);
        Assert.Equal(["warmup"], sample.Flags);
    }
}
