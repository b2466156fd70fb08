using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class Who2021Tests
{
    [Theory]
    // At a level the level is met; a hair above it, only the next looser level (or none above IT-1).
    [InlineData("Pm2_5Daily", 0, "aqg")]
    [InlineData("Pm2_5Daily", 15, "aqg")]
    [InlineData("Pm2_5Daily", 15.1, "it4")]
    [InlineData("Pm2_5Daily", 25, "it4")]
    [InlineData("Pm2_5Daily", 25.1, "it3")]
    [InlineData("Pm2_5Daily", 37.5, "it3")]
    [InlineData("Pm2_5Daily", 37.6, "it2")]
    [InlineData("Pm2_5Daily", 50, "it2")]
    [InlineData("Pm2_5Daily", 50.1, "it1")]
    [InlineData("Pm2_5Daily", 75, "it1")]
    [InlineData("Pm2_5Daily", 75.1, null)]
    [InlineData("Pm2_5Annual", 5, "aqg")]
    [InlineData("Pm2_5Annual", 5.1, "it4")]
    [InlineData("Pm2_5Annual", 10, "it4")]
    [InlineData("Pm2_5Annual", 10.1, "it3")]
    [InlineData("Pm2_5Annual", 15, "it3")]
    [InlineData("Pm2_5Annual", 15.1, "it2")]
    [InlineData("Pm2_5Annual", 25, "it2")]
    [InlineData("Pm2_5Annual", 25.1, "it1")]
    [InlineData("Pm2_5Annual", 35, "it1")]
    [InlineData("Pm2_5Annual", 35.1, null)]
    [InlineData("Pm10Daily", 45, "aqg")]
    [InlineData("Pm10Daily", 45.1, "it4")]
    [InlineData("Pm10Daily", 50, "it4")]
    [InlineData("Pm10Daily", 50.1, "it3")]
    [InlineData("Pm10Daily", 75, "it3")]
    [InlineData("Pm10Daily", 75.1, "it2")]
    [InlineData("Pm10Daily", 100, "it2")]
    [InlineData("Pm10Daily", 100.1, "it1")]
    [InlineData("Pm10Daily", 150, "it1")]
    [InlineData("Pm10Daily", 150.1, null)]
    [InlineData("Pm10Annual", 15, "aqg")]
    [InlineData("Pm10Annual", 15.1, "it4")]
    [InlineData("Pm10Annual", 20, "it4")]
    [InlineData("Pm10Annual", 20.1, "it3")]
    [InlineData("Pm10Annual", 30, "it3")]
    [InlineData("Pm10Annual", 30.1, "it2")]
    [InlineData("Pm10Annual", 50, "it2")]
    [InlineData("Pm10Annual", 50.1, "it1")]
    [InlineData("Pm10Annual", 70, "it1")]
    [InlineData("Pm10Annual", 70.1, null)]
    public void Strictest_level_met_at_each_boundary(string levels, double microgramsPerCubicMeter, string? key)
    {
        Assert.Equal(key, Who2021.StrictestMet(LevelsNamed(levels), microgramsPerCubicMeter)?.Key);
    }

    [Fact]
    public void Levels_are_the_2021_values_loosest_first()
    {
        Assert.Equal([75, 50, 37.5, 25, 15], Who2021.Pm2_5Daily.Select(l => l.MicrogramsPerCubicMeter));
        Assert.Equal([35, 25, 15, 10, 5], Who2021.Pm2_5Annual.Select(l => l.MicrogramsPerCubicMeter));
        Assert.Equal([150, 100, 75, 50, 45], Who2021.Pm10Daily.Select(l => l.MicrogramsPerCubicMeter));
        Assert.Equal([70, 50, 30, 20, 15], Who2021.Pm10Annual.Select(l => l.MicrogramsPerCubicMeter));
        Assert.Equal(["it1", "it2", "it3", "it4", "aqg"], Who2021.Pm2_5Daily.Select(l => l.Key));
    }

    [Fact]
    public void Level_order_does_not_matter()
    {
        WhoLevel[] reversed = [.. Who2021.Pm2_5Daily.Reverse()];

        Assert.Equal("it3", Who2021.StrictestMet(reversed, 30)?.Key);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Negative_or_NaN_value_throws(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Who2021.StrictestMet(Who2021.Pm10Daily, value));
    }

    private static IReadOnlyList<WhoLevel> LevelsNamed(string name) => name switch
    {
        "Pm2_5Daily" => Who2021.Pm2_5Daily,
        "Pm2_5Annual" => Who2021.Pm2_5Annual,
        "Pm10Daily" => Who2021.Pm10Daily,
        "Pm10Annual" => Who2021.Pm10Annual,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown level set."),
    };
}
