using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class NowCastTests
{
    [Fact]
    public void Epa_worked_example_gives_17_4()
    {
        // EPA "Computing the NowCast": oldest → newest 50 80 75 90 82 53 64 74 21 10 16 13 µg/m³.
        // Range 90 − 10 = 80, scaled 80/90, weight 1 − 80/90 = 0.11 < 0.5 → 0.5;
        // (13·0.5⁰ + 16·0.5¹ + 10·0.5² + 21·0.5³ + 74·0.5⁴ + …) / (0.5⁰ + 0.5¹ + …) = 17.4139… → EPA prints 17.4.
        double?[] newestFirst = [13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50];

        double? nowCast = NowCast.Compute(newestFirst);

        Assert.NotNull(nowCast);
        Assert.Equal(17.4139194139, nowCast.Value, 9);
        // AQI of the NowCast: truncate to 17.4, 49/26.3·(17.4 − 9.1) + 51 = 66.46 → 66
        Assert.Equal(66, UsAqi.Index(Pollutant.Pm2_5, nowCast.Value).Index);
    }

    [Fact]
    public void Weight_above_one_half_is_used_as_is()
    {
        // 40 then eleven hours of 32: w* = 32/40 = 0.8.
        // Σ0.8^i (i = 0…11) = (1 − 0.8¹²)/0.2 = 4.656403; numerator 40 + 32·(4.656403 − 1) = 157.004884; 157.004884/4.656403 = 33.718064
        double?[] newestFirst = [40, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32];

        Assert.Equal(33.718064493, NowCast.Compute(newestFirst)!.Value, 8);
    }

    [Fact]
    public void Weight_below_one_half_is_raised_to_one_half()
    {
        // 10 and 20: w* = 10/20 = 0.5 exactly; 10 and 40 (w* = 0.25 → 0.5) give the same weights.
        // (10 + 20·0.5)/(1 + 0.5) = 13.333…; (10 + 40·0.5)/1.5 = 20
        Assert.Equal(13.333333333, NowCast.Compute([10, 20])!.Value, 8);
        Assert.Equal(20, NowCast.Compute([10, 40])!.Value, 10);
    }

    [Fact]
    public void Missing_hours_are_left_out_but_keep_their_position()
    {
        // Hours 1 and 3 valid: w* = 10/40 = 0.25 → 0.5; hour 3 weighs 0.5² = 0.25.
        // (10·1 + 40·0.25)/(1 + 0.25) = 20/1.25 = 16
        double?[] newestFirst = [10, null, 40, null, null, null, null, null, null, null, null, null];

        Assert.Equal(16, NowCast.Compute(newestFirst)!.Value, 10);
    }

    [Fact]
    public void Missing_hour_also_drops_out_of_cmin_and_cmax()
    {
        // Valid 8, 10 (hour 3 missing): w* = 0.8; (8 + 10·0.8)/(1 + 0.8) = 16/1.8 = 8.888…
        double?[] newestFirst = [8, 10, null];

        Assert.Equal(8.888888889, NowCast.Compute(newestFirst)!.Value, 8);
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(true, true, true)]
    public void Two_of_the_three_newest_hours_are_enough(bool h1, bool h2, bool h3)
    {
        double?[] newestFirst = [h1 ? 12 : null, h2 ? 12 : null, h3 ? 12 : null, 12, 12, 12, 12, 12, 12, 12, 12, 12];

        Assert.Equal(12, NowCast.Compute(newestFirst)!.Value, 10);
    }

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(false, false, false)]
    public void Fewer_than_two_of_the_three_newest_hours_give_no_value(bool h1, bool h2, bool h3)
    {
        // The nine older hours are all valid: they do not make up for the newest.
        double?[] newestFirst = [h1 ? 12 : null, h2 ? 12 : null, h3 ? 12 : null, 12, 12, 12, 12, 12, 12, 12, 12, 12];

        Assert.Null(NowCast.Compute(newestFirst));
    }

    [Fact]
    public void All_zero_hours_give_zero()
    {
        Assert.Equal(0, NowCast.Compute([0, 0, 0, null])!.Value);
    }

    [Fact]
    public void No_hours_give_no_value()
    {
        Assert.Null(NowCast.Compute([]));
    }

    [Fact]
    public void More_than_twelve_hours_throw()
    {
        Assert.Throws<ArgumentException>(() => NowCast.Compute(Enumerable.Repeat<double?>(5, 13).ToArray()));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Negative_or_non_finite_hour_throws(double bad)
    {
        Assert.Throws<ArgumentException>(() => NowCast.Compute([10, bad, 10]));
    }
}
