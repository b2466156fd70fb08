using AirMonitor.Cli.Bench;

namespace AirMonitor.Cli.Tests;

/// <summary>The bench's latency figures: the devices' percentiles (nearest rank) and the ingest's own, from its histogram.</summary>
public sealed class BenchArithmeticTests
{
    [Theory]
    [InlineData(0.50, 50)]
    [InlineData(0.99, 99)]
    [InlineData(1.00, 100)]
    [InlineData(0.001, 1)]
    public void Percentile_of_one_to_a_hundred_is_the_nearest_rank(double p, long expected)
    {
        Assert.Equal(expected, LoadGenerator.Percentile([.. Enumerable.Range(1, 100).Select(i => (long)i)], p));
    }

    [Fact]
    public void Percentile_of_few_values_rounds_the_rank_up()
    {
        List<long> four = [10, 20, 30, 40];

        // Rank ⌈0.5 × 4⌉ = 2 and ⌈0.99 × 4⌉ = 4: the p99 of four values is the largest.
        Assert.Equal((20L, 40L), (LoadGenerator.Percentile(four, 0.50), LoadGenerator.Percentile(four, 0.99)));
        Assert.Equal(7L, LoadGenerator.Percentile([7], 0.99));
    }

    private static readonly IngestCounters Before = new(0, 0, 0, 0, 0, [(5, 0), (10, 0), (25, 0), (50, 0), (double.PositiveInfinity, 0)]);

    [Fact]
    public void The_ingest_latency_is_the_upper_bound_of_the_bucket_holding_the_quantile()
    {
        var counters = Before with { AckLatency = [(5, 10), (10, 50), (25, 99), (50, 100), (double.PositiveInfinity, 100)] };

        Assert.Equal((10.0, 25.0, 50.0), (counters.AckLatencyAtMost(0.5), counters.AckLatencyAtMost(0.99), counters.AckLatencyAtMost(1.0)));
    }

    [Fact]
    public void A_phase_sees_only_its_own_counts_and_none_is_no_latency()
    {
        var start = Before with { Stored = 1000, AckLatency = [(5, 900), (10, 1000), (25, 1000), (50, 1000), (double.PositiveInfinity, 1000)] };
        var end = start with { Stored = 1100, AckLatency = [(5, 900), (10, 1000), (25, 1090), (50, 1100), (double.PositiveInfinity, 1100)] };

        var phase = end - start;

        Assert.Equal(100, phase.Stored);
        Assert.Equal(25.0, phase.AckLatencyAtMost(0.5));
        Assert.Null((start - start).AckLatencyAtMost(0.5));
    }
}
