using System.Globalization;
using System.Runtime.CompilerServices;
using AirMonitor.Sensors.Sgp40;

namespace AirMonitor.Sensors.Tests.Sgp40;

public sealed class VocIndexAlgorithmTests
{
    [Fact]
    public void Every_row_of_Sensirions_reference_vector_gives_its_index()
    {
        var rows = ReferenceVector();
        Assert.Equal(600, rows.Count);
        var algorithm = new VocIndexAlgorithm();

        var mismatches = new List<string>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (raw, expected) = rows[i];
            var actual = algorithm.Process(raw);
            if (actual != expected)
            {
                mismatches.Add($"row {i + 1}: raw {raw} gave {actual}, reference {expected}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public void Index_is_0_for_the_first_46_samples_and_not_after()
    {
        var algorithm = new VocIndexAlgorithm();

        var blackout = Enumerable.Range(0, 46).Select(_ => algorithm.Process(20_000)).ToList();
        var first = algorithm.Process(20_000);

        Assert.All(blackout, index => Assert.Equal(0, index));
        Assert.Equal(46, algorithm.BlackoutSamples);
        Assert.Equal(TimeSpan.FromSeconds(46), algorithm.BlackoutDuration);
        Assert.InRange(first, 1, 500);
    }

    [Fact]
    public void Blackout_at_a_10_s_interval_is_5_samples()
    {
        var algorithm = new VocIndexAlgorithm(samplingIntervalSeconds: 10);

        var indices = Enumerable.Range(0, 6).Select(_ => algorithm.Process(30_000)).ToList();

        Assert.Equal(5, algorithm.BlackoutSamples);
        Assert.Equal([0, 0, 0, 0, 0], indices.Take(5));
        Assert.NotEqual(0, indices[5]);
    }

    [Fact]
    public void A_steady_signal_settles_at_the_offset_100()
    {
        // As Sensirion's Python wrapper tests: 200 samples of 1337, then the index is 100.
        var algorithm = new VocIndexAlgorithm();
        for (var i = 0; i < 200; i++)
        {
            algorithm.Process(1337);
        }

        Assert.Equal(100, algorithm.Process(1337));
    }

    [Fact]
    public void A_falling_raw_signal_after_learning_raises_the_index()
    {
        // More VOC lowers SRAW (about −870 ticks per doubling of ethanol, datasheet Table 1).
        var algorithm = new VocIndexAlgorithm();
        for (var i = 0; i < 600; i++)
        {
            algorithm.Process(30_000 + ((i % 7) - 3));
        }

        var baseline = algorithm.Process(30_000);
        var indices = Enumerable.Range(1, 60).Select(s => algorithm.Process(30_000 - (s * 30))).ToList();

        Assert.Equal(100, baseline);
        Assert.True(indices[^1] > 200, $"index after a 1 800-tick fall: {indices[^1]}");
        Assert.Equal(indices.Order(), indices);
    }

    [Fact]
    public void A_rising_raw_signal_lowers_the_index_below_100()
    {
        var algorithm = new VocIndexAlgorithm();
        for (var i = 0; i < 600; i++)
        {
            algorithm.Process(30_000 + ((i % 7) - 3));
        }

        var indices = Enumerable.Range(1, 60).Select(s => algorithm.Process(30_000 + (s * 30))).ToList();

        Assert.InRange(indices[^1], 1, 99);
        Assert.Equal(indices.OrderDescending(), indices);
    }

    [Fact]
    public void Out_of_range_raw_samples_repeat_the_previous_sample()
    {
        var withGaps = new VocIndexAlgorithm();
        var steady = new VocIndexAlgorithm();
        for (var i = 0; i < 300; i++)
        {
            var raw = 25_000 + (i % 11);
            Assert.Equal(steady.Process(i % 5 == 4 ? 25_000 + ((i - 1) % 11) : raw), withGaps.Process(i % 5 == 4 ? 0 : raw));
        }
    }

    [Fact]
    public void Reset_starts_the_blackout_again()
    {
        var algorithm = new VocIndexAlgorithm();
        for (var i = 0; i < 100; i++)
        {
            algorithm.Process(30_000);
        }

        algorithm.Reset();

        Assert.Equal(0, algorithm.Process(30_000));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Sampling_intervals_outside_1_to_10_s_are_rejected(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocIndexAlgorithm(seconds));

    private static List<(int Raw, int Index)> ReferenceVector([CallerFilePath] string thisFile = "")
    {
        // Read beside this source file: the test project's build is shared, and the vector is test input only.
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "voc-index-reference.csv");
        return File.ReadLines(path)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(','))
            .Select(cells => (int.Parse(cells[0], CultureInfo.InvariantCulture), int.Parse(cells[1], CultureInfo.InvariantCulture)))
            .ToList();
    }
}
