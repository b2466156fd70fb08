using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanSpmTests
{
    private static double?[] Day(double? microgramsPerCubicMeter) => [.. Enumerable.Repeat(microgramsPerCubicMeter, 24)];

    /// <summary>365 days at <paramref name="baseline"/> µg/m³, with the given days replaced.</summary>
    private static List<double?[]> Year(double baseline, Func<int, double?[]?> replace) =>
        [.. Enumerable.Range(0, 365).Select(d => replace(d) ?? Day(baseline))];

    [Fact]
    public void Long_term_with_7_high_days_meets_and_with_8_fails()
    {
        // Isolated days (every 20th) with a daily mean of 150 µg/m³ = 0.15 mg/m³; 365 days → the 8th highest counts.
        List<double?[]> seven = Year(40, d => d % 20 == 0 && d / 20 < 7 ? Day(150) : null);
        List<double?[]> eight = Year(40, d => d % 20 == 0 && d / 20 < 8 ? Day(150) : null);

        JapanLongTermEvaluation met = JapanSpm.EvaluateLongTerm(seven)!;
        JapanLongTermEvaluation failed = JapanSpm.EvaluateLongTerm(eight)!;

        Assert.Equal((0.04, true), (met.TwoPercentExclusionValue, met.MeetsStandard));
        Assert.Equal((0.15, false), (failed.TwoPercentExclusionValue, failed.MeetsStandard));
    }

    [Fact]
    public void Long_term_fails_on_two_consecutive_days_above_0_10()
    {
        // Days 200 and 201 at 101 µg/m³: only 2 high days, so the 2 % value is 0.04, but they are consecutive.
        JapanLongTermEvaluation result = JapanSpm.EvaluateLongTerm(Year(40, d => d is 200 or 201 ? Day(101) : null))!;

        Assert.Equal(0.04, result.TwoPercentExclusionValue);
        Assert.Equal(2, result.LongestRunOfDaysAboveStandard);
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Daily_mean_of_exactly_0_10_is_not_above()
    {
        JapanLongTermEvaluation result = JapanSpm.EvaluateLongTerm(Year(100, _ => null))!;

        Assert.Equal(0.10, result.TwoPercentExclusionValue);
        Assert.Equal(0, result.LongestRunOfDaysAboveStandard);
        Assert.True(result.MeetsStandard);
    }

    [Theory]
    // 250 full days = 6,000 hours: evaluated; 249 = 5,976: not a valid station.
    [InlineData(250, true)]
    [InlineData(249, false)]
    public void Long_term_needs_6000_measured_hours(int fullDays, bool evaluated)
    {
        List<double?[]> year = Year(40, d => d >= fullDays ? Day(null) : null);

        Assert.Equal(evaluated, JapanSpm.EvaluateLongTerm(year) is not null);
    }

    [Fact]
    public void Short_term_counts_hours_above_0_20_and_days_above_0_10()
    {
        // Day 0: one hour at 201 (above) and one at exactly 200 (not). Day 1: daily mean 110 (above). Day 2: 4 hours
        // missing, still 20 valid, mean 100 (not above). Day 3: 5 hours missing → no daily mean.
        double?[] day0 = Day(50);
        day0[12] = 201;
        day0[13] = 200;
        double?[] day2 = Day(100);
        day2[0] = day2[1] = day2[2] = day2[3] = null;
        double?[] day3 = Day(300);
        day3[0] = day3[1] = day3[2] = day3[3] = day3[4] = null;

        JapanShortTermEvaluation result = JapanSpm.EvaluateShortTerm([day0, Day(110), day2, day3]);

        Assert.Equal(24 + 24 + 20 + 19, result.MeasuredHours);
        Assert.Equal(3, result.ValidDays);
        Assert.Equal(1 + 19, result.HoursAboveHourlyStandard);
        Assert.Equal(2, result.DaysWithHourAboveHourlyStandard);
        Assert.Equal(1, result.DaysAboveDailyStandard);
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Short_term_at_the_limits_meets()
    {
        double?[] day = Day(100);
        day[0] = 200;
        day[1] = 0;

        Assert.True(JapanSpm.EvaluateShortTerm([day]).MeetsStandard);
    }

    [Fact]
    public void Negative_hour_throws()
    {
        double?[] day = Day(50);
        day[5] = -1;

        Assert.Throws<ArgumentOutOfRangeException>(() => JapanSpm.EvaluateShortTerm([day]));
    }
}
