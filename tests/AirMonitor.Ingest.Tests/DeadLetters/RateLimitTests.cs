using AirMonitor.Ingest.DeadLetters;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary><see cref="DeadLetterOptions.PerDevicePerMinute"/>: a token bucket per device, a bounded number of devices, drops counted and logged sparingly.</summary>
public sealed class RateLimitTests
{
    private static readonly byte[] Garbage = "{\"device\":"u8.ToArray();

    [Fact]
    public void A_device_flooding_bad_payloads_is_limited_while_another_devices_letters_are_written()
    {
        using var test = new DeadLetterStoreUnderTest();

        var written = Enumerable.Range(0, 100).Count(_ => test.Add("flood-01", Garbage));
        Assert.True(test.Add("quiet-01", Garbage));

        Assert.Equal(60, written);
        var letters = DeadLetterStore.ReadAll(test.DirectoryPath).ToList();
        Assert.Equal((60, 1), (letters.Count(l => l.Device == "flood-01"), letters.Count(l => l.Device == "quiet-01")));
        Assert.Equal(40, test.Metric("airmon_ingest_deadletters_dropped_total{reason=\"rate_limited\"}"));
        Assert.Equal(61, test.Metric("airmon_ingest_deadletters_written_total"));
        Assert.Equal("1 dead letter(s) dropped, rate_limited, since this was last logged (at most once a minute); the latest from flood-01. The messages were still rejected and acknowledged",
            Assert.Single(test.Warnings));
    }

    [Fact]
    public void A_spent_bucket_refills_evenly_over_the_minute()
    {
        using var test = new DeadLetterStoreUnderTest();
        Assert.Equal(60, Enumerable.Range(0, 61).Count(_ => test.Add("flood-01", Garbage)));

        test.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(30, Enumerable.Range(0, 40).Count(_ => test.Add("flood-01", Garbage)));
    }

    [Fact]
    public void Drops_are_logged_at_most_once_a_minute_per_reason_with_the_count_since_the_last_line()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { PerDevicePerMinute = 1 });
        Assert.True(test.Add("flood-01", Garbage));
        for (var i = 0; i < 5; i++)
        {
            Assert.False(test.Add("flood-01", Garbage));
        }

        test.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(test.Add("flood-01", Garbage));
        Assert.Single(test.Warnings);

        test.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(test.Add("flood-02", Garbage));
        Assert.False(test.Add("flood-02", Garbage));

        Assert.Equal(2, test.Warnings.Count);
        Assert.StartsWith("6 dead letter(s) dropped, rate_limited", test.Warnings[^1], StringComparison.Ordinal);
        Assert.Equal(7, test.Metric("airmon_ingest_deadletters_dropped_total{reason=\"rate_limited\"}"));
    }

    [Fact]
    public void At_most_the_configured_devices_are_remembered_and_the_least_recently_seen_is_forgotten()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { PerDevicePerMinute = 1, MaxTrackedDevices = 3 });
        Assert.True(test.Add("a", Garbage));
        Assert.True(test.Add("b", Garbage));
        Assert.True(test.Add("c", Garbage));
        Assert.False(test.Add("a", Garbage));

        // d takes the place of b, the least recently seen; b comes back with a full bucket and takes c's place.
        Assert.True(test.Add("d", Garbage));
        Assert.True(test.Add("b", Garbage));
        Assert.False(test.Add("a", Garbage));
        Assert.True(test.Add("c", Garbage));

        Assert.Equal(3, test.Store.TrackedDevices);
    }

    [Fact]
    public void Topic_levels_that_are_no_device_id_share_one_bucket()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { PerDevicePerMinute = 2 });

        string[] notDevices = ["not a device 1", "not a device 2", "alerts"];

        Assert.Equal([true, true, false], notDevices.Select(d => test.Add(d, Garbage)));
        Assert.True(test.Add("dev-01", Garbage));
    }
}
