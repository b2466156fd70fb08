using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanSo2AndCoTests
{
    private static double?[] Day(double? value) => [.. Enumerable.Repeat(value, 24)];

    [Fact]
    public void So2_hour_of_exactly_0_1_ppm_meets_and_0_101_does_not()
    {
        double?[] atLimit = Day(10);
        atLimit[10] = 100;
        double?[] above = Day(10);
        above[10] = 101;

        Assert.True(JapanSo2.EvaluateShortTerm([atLimit]).MeetsStandard);
        JapanShortTermEvaluation result = JapanSo2.EvaluateShortTerm([above]);
        Assert.Equal((1, 1, 0), (result.HoursAboveHourlyStandard, result.DaysWithHourAboveHourlyStandard, result.DaysAboveDailyStandard));
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void So2_long_term_uses_0_04_and_the_consecutive_day_rule()
    {
        // 41 ppb on days 10 and 11 (consecutive), 5 ppb otherwise.
        List<double?[]> year = [.. Enumerable.Range(0, 365).Select(d => Day(d is 10 or 11 ? 41 : 5))];

        JapanLongTermEvaluation result = JapanSo2.EvaluateLongTerm(year)!;

        Assert.Equal(0.005, result.TwoPercentExclusionValue);
        Assert.True(result.TwoPercentExclusionValueMeetsStandard);
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Co_eight_hour_means_are_the_three_blocks_of_the_day()
    {
        // Labels 9–16 at 21 ppm, the rest 1 ppm: the middle block is above 20; daily mean (8·21 + 16·1)/24 = 7.67 ≤ 10.
        double?[] day = Day(1);
        for (int label = 9; label <= 16; label++)
        {
            day[label - 1] = 21;
        }

        Assert.Equal([1, 21, 1], JapanCo.EightHourMeans(day));
        JapanCoShortTermEvaluation result = JapanCo.EvaluateShortTerm([day, Day(10), Day(10.5)]);
        Assert.Equal((3, 1, 1, 1), (result.ValidDays, result.EightHourBlocksAboveStandard,
            result.DaysWithEightHourBlockAboveStandard, result.DaysAboveDailyStandard));
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Co_block_with_fewer_than_6_valid_hours_has_no_mean()
    {
        double?[] day = Day(2);
        day[0] = day[1] = day[2] = null;

        Assert.Equal([null, 2, 2], JapanCo.EightHourMeans(day));
    }

    [Fact]
    public void Co_long_term_uses_10_ppm()
    {
        List<double?[]> year = [.. Enumerable.Range(0, 365).Select(d => Day(d % 30 == 0 ? 11 : 1))];

        JapanLongTermEvaluation result = JapanCo.EvaluateLongTerm(year)!;

        // 13 isolated days at 11 ppm: more than the 7 left out, so the 2 % value is 11 > 10.
        Assert.Equal(11, result.TwoPercentExclusionValue);
        Assert.Equal(1, result.LongestRunOfDaysAboveStandard);
        Assert.False(result.MeetsStandard);
    }
}
