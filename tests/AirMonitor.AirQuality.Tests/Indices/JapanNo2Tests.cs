using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanNo2Tests
{
    private static double?[] Day(double? ppb) => [.. Enumerable.Repeat(ppb, 24)];

    [Theory]
    [InlineData(0.0399, JapanNo2Zone.Below)]
    [InlineData(0.04, JapanNo2Zone.Within)]
    [InlineData(0.06, JapanNo2Zone.Within)]
    [InlineData(0.0601, JapanNo2Zone.Above)]
    public void Zone_is_0_04_to_0_06_inclusive(double ppm, JapanNo2Zone zone)
    {
        Assert.Equal(zone, JapanNo2.ZoneOf(ppm));
    }

    [Theory]
    // 365 days: 30 ppb except the high days at 70 ppb. The 98 % value is the 358th lowest (JapanPm25.Percentile98Position,
    // the same rule: Yokohama says PM2.5 uses the NO2 method): 7 high days → 0.03, 8 → 0.07.
    [InlineData(7, 0.03, JapanNo2Zone.Below, 0)]
    [InlineData(8, 0.07, JapanNo2Zone.Above, 1)]
    [InlineData(10, 0.07, JapanNo2Zone.Above, 3)]
    public void Year_is_judged_on_the_98_percent_value(int highDays, double percentile98, JapanNo2Zone zone, int daysAboveIn98)
    {
        List<double?[]> year = [.. Enumerable.Range(0, 365).Select(d => Day(d < highDays ? 70 : 30))];

        JapanNo2Year result = JapanNo2.EvaluateYear(year)!;

        Assert.Equal(365 * 24, result.MeasuredHours);
        Assert.Equal(365, result.ValidDays);
        Assert.Equal(percentile98, result.DailyMean98thPercentilePpm);
        Assert.Equal(zone, result.Zone);
        Assert.Equal(highDays, result.DaysAboveZone);
        Assert.Equal(daysAboveIn98, result.DaysAboveZoneIn98PercentEvaluation);
        Assert.Equal(zone != JapanNo2Zone.Above, result.MeetsStandard);
    }

    [Fact]
    public void Year_at_exactly_0_06_is_within_the_zone_and_meets()
    {
        JapanNo2Year result = JapanNo2.EvaluateYear([.. Enumerable.Range(0, 300).Select(_ => Day(60))])!;

        Assert.Equal(JapanNo2Zone.Within, result.Zone);
        Assert.Equal(300, result.DaysWithinZone);
        Assert.Equal(0, result.DaysAboveZone);
        Assert.True(result.MeetsStandard);
    }

    [Theory]
    [InlineData(250, true)]
    [InlineData(249, false)]
    public void Year_needs_6000_measured_hours(int fullDays, bool evaluated)
    {
        List<double?[]> year = [.. Enumerable.Range(0, 365).Select(d => Day(d < fullDays ? 30 : null))];

        Assert.Equal(evaluated, JapanNo2.EvaluateYear(year) is not null);
    }
}
