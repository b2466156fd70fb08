namespace AirMonitor.Influx.Tests;

public sealed class RetryDelayTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 100, 200)]
    [InlineData(2, 200, 400)]
    [InlineData(3, 400, 800)]
    [InlineData(8, 12_800, 25_600)]
    [InlineData(9, 15_000, 30_000)]
    [InlineData(1000, 15_000, 30_000)]
    public void Backoff_doubles_from_the_initial_delay_up_to_the_maximum_with_equal_jitter(int attempt, int lowestMs, int highestMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(lowestMs), InfluxBatchWriter.RetryDelay(attempt, Initial, Max, null, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(highestMs), InfluxBatchWriter.RetryDelay(attempt, Initial, Max, null, 1.0));
        var middle = InfluxBatchWriter.RetryDelay(attempt, Initial, Max, null, 0.5);
        Assert.InRange(middle, TimeSpan.FromMilliseconds(lowestMs), TimeSpan.FromMilliseconds(highestMs));
    }

    [Fact]
    public void Retry_after_longer_than_the_backoff_is_waited_exactly()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), InfluxBatchWriter.RetryDelay(1, Initial, Max, TimeSpan.FromSeconds(5), 0.7));
    }

    [Fact]
    public void Retry_after_shorter_than_the_backoff_does_not_shorten_it()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(800), InfluxBatchWriter.RetryDelay(3, Initial, Max, TimeSpan.Zero, 1.0));
    }

    [Fact]
    public void Retry_after_is_capped_at_the_maximum_delay()
    {
        Assert.Equal(Max, InfluxBatchWriter.RetryDelay(1, Initial, Max, TimeSpan.FromHours(1), 0.0));
    }
}
