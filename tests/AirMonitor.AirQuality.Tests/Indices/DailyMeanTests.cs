using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class DailyMeanTests
{
    /// <summary>24 hours whose first <paramref name="valid"/> hold 1, 2, 3, … and the rest are missing.</summary>
    private static double?[] Day(int valid) =>
        [.. Enumerable.Range(1, 24).Select(h => h <= valid ? (double?)h : null)];

    [Fact]
    public void Eighteen_valid_hours_give_their_mean()
    {
        // (1 + 2 + … + 18)/18 = 171/18 = 9.5
        Assert.Equal(9.5, DailyMean.Compute(Day(18))!.Value, 10);
    }

    [Fact]
    public void Seventeen_valid_hours_give_no_value()
    {
        Assert.Null(DailyMean.Compute(Day(17)));
    }

    [Fact]
    public void Twenty_four_valid_hours_give_their_mean()
    {
        // 300/24 = 12.5
        Assert.Equal(12.5, DailyMean.Compute(Day(24))!.Value, 10);
    }

    [Theory]
    [InlineData(19, null)]
    [InlineData(20, 10.5)] // 210/20
    public void A_stricter_minimum_can_be_asked_for(int valid, double? mean)
    {
        Assert.Equal(mean, DailyMean.Compute(Day(valid), 20));
    }

    [Theory]
    [InlineData(23)]
    [InlineData(25)]
    public void Not_24_hours_throw(int count)
    {
        Assert.Throws<ArgumentException>(() => DailyMean.Compute(new double?[count]));
    }

    [Fact]
    public void A_NaN_hour_throws()
    {
        double?[] day = Day(24);
        day[3] = double.NaN;

        Assert.Throws<ArgumentException>(() => DailyMean.Compute(day));
    }
}
