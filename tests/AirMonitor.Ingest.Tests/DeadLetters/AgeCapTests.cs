using AirMonitor.Ingest.DeadLetters;

namespace AirMonitor.Ingest.Tests.DeadLetters;

/// <summary><see cref="DeadLetterOptions.MaxAge"/>: a day's file goes once its last possible letter is older, at start or at a later write.</summary>
public sealed class AgeCapTests
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DeadLetterStoreUnderTest.Start.UtcDateTime);

    [Fact]
    public void At_start_the_files_older_than_the_max_age_are_deleted()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxAge = TimeSpan.FromDays(30) });
        foreach (var daysAgo in new[] { 31, 30, 1 })
        {
            File.WriteAllText(test.PathOf(Today.AddDays(-daysAgo)), "{}\n");
        }

        Assert.Equal(6, test.Store.TotalBytes);

        // 30 days before 2026-11-22 08:00 is 2026-10-23 08:00: the 23rd still holds letters younger than that, the 22nd none.
        Assert.Equal(["deadletter-2026-10-23.jsonl", "deadletter-2026-11-21.jsonl"], test.FileNames());
        Assert.Equal(1, test.Metric("airmon_ingest_deadletters_files_deleted_total{reason=\"max_age\"}"));
    }

    [Fact]
    public void A_day_file_is_deleted_at_the_first_write_after_its_last_letter_is_older_than_the_max_age()
    {
        using var test = new DeadLetterStoreUnderTest(new DeadLetterOptions { MaxAge = TimeSpan.FromDays(30) });
        Assert.True(test.Add("dev-01", "{"u8.ToArray()));

        test.Time.Advance(TimeSpan.FromDays(30));
        Assert.True(test.Add("dev-01", "{"u8.ToArray()));
        Assert.Equal(["deadletter-2026-11-22.jsonl", "deadletter-2026-12-22.jsonl"], test.FileNames());

        // 2026-12-23 00:00: the 22 November file's last possible letter (23 November, midnight) is now 30 days old.
        test.Time.Advance(TimeSpan.FromHours(16));
        Assert.True(test.Add("dev-01", "{"u8.ToArray()));

        Assert.Equal(["deadletter-2026-12-22.jsonl", "deadletter-2026-12-23.jsonl"], test.FileNames());
        Assert.Equal(1, test.Metric("airmon_ingest_deadletters_files_deleted_total{reason=\"max_age\"}"));
        Assert.Equal(2, DeadLetterStore.ReadAll(test.DirectoryPath).Count());
    }
}
