using AirMonitor.Ingest.DeadLetters;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary><see cref="DeadLetterOptions.MaxTotalBytes"/>: the oldest day's file goes first; a letter that still does not fit is dropped and counted.</summary>
public sealed class SizeCapTests
{
    // A letter of this payload is a line of about 1.3 KB: two fit in the cap, three do not.
    private static readonly byte[] Payload = [.. Enumerable.Repeat((byte)'x', 1000)];

    [Fact]
    public void Past_the_total_bytes_the_oldest_day_file_is_deleted()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxTotalBytes = 3000 });
        var day = DateOnly.FromDateTime(DeadLetterStoreUnderTest.Start.UtcDateTime);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(test.Add("dev-01", Payload));
            test.Time.Advance(TimeSpan.FromDays(1));
        }

        Assert.Equal([$"deadletter-{day.AddDays(1):yyyy-MM-dd}.jsonl", $"deadletter-{day.AddDays(2):yyyy-MM-dd}.jsonl"], test.FileNames());
        var onDisk = Directory.GetFiles(test.DirectoryPath).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, test.Store.TotalBytes);
        Assert.Equal(onDisk, test.Metric("airmon_ingest_deadletters_size_bytes"));
        Assert.Equal(1, test.Metric("airmon_ingest_deadletters_files_deleted_total{reason=\"max_total_bytes\"}"));
        Assert.Equal(3, test.Metric("airmon_ingest_deadletters_written_total"));
    }

    [Fact]
    public void A_letter_that_does_not_fit_beside_the_current_day_file_is_dropped_and_counted()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxTotalBytes = 3000 });

        Assert.True(test.Add("dev-01", Payload));
        Assert.True(test.Add("dev-02", Payload));
        Assert.False(test.Add("dev-03", Payload));

        Assert.Equal(2, DeadLetterStore.ReadAll(test.DirectoryPath).Count());
        Assert.Equal(1, test.Metric("airmon_ingest_deadletters_dropped_total{reason=\"over_size_cap\"}"));
        Assert.Equal(2, test.Metric("airmon_ingest_deadletters_written_total"));
        Assert.Contains(test.Warnings, w => w.StartsWith("1 dead letter(s) dropped, over_size_cap", StringComparison.Ordinal) && w.Contains("dev-03", StringComparison.Ordinal));
    }

    [Fact]
    public void At_start_the_oldest_files_are_deleted_until_the_rest_fit()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxTotalBytes = 2500 });
        var today = DateOnly.FromDateTime(DeadLetterStoreUnderTest.Start.UtcDateTime);
        foreach (var daysAgo in new[] { 3, 2, 1 })
        {
            File.WriteAllBytes(test.PathOf(today.AddDays(-daysAgo)), new byte[1000]);
        }

        Assert.Equal(2000, test.Store.TotalBytes);

        Assert.Equal([$"deadletter-{today.AddDays(-2):yyyy-MM-dd}.jsonl", $"deadletter-{today.AddDays(-1):yyyy-MM-dd}.jsonl"], test.FileNames());
        Assert.Equal(2000, test.Metric("airmon_ingest_deadletters_size_bytes"));
    }

    [Fact]
    public void A_restarted_store_counts_the_files_it_finds_and_appends_to_the_days_file_without_counting_it_twice()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxTotalBytes = 3000 });
        Assert.True(test.Add("dev-01", Payload));
        test.Open();

        Assert.True(test.Add("dev-02", Payload));
        Assert.False(test.Add("dev-03", Payload));

        var onDisk = Directory.GetFiles(test.DirectoryPath).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, test.Store.TotalBytes);
        Assert.Equal(["dev-01", "dev-02"], DeadLetterStore.ReadAll(test.DirectoryPath).Select(l => l.Device));
    }
}
