using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanDailyStandardTests
{
    [Theory]
    // Yokohama, 用語解説 2%除外値: 365 daily means → 7 left out, the 8th highest is the 2 % exclusion value.
    [InlineData(365, 7)]
    [InlineData(366, 7)] // 366 − 359
    [InlineData(250, 5)]
    [InlineData(340, 7)] // 0.02·340 = 6.8: this rule leaves out 7 (round), a floor reading would leave out 6
    [InlineData(49, 1)] // 0.98 rounds 48.02 → 48
    [InlineData(1, 0)]
    public void Two_percent_exclusion_leaves_out_the_days_above_the_98_percent_position(int validDays, int excluded)
    {
        Assert.Equal(excluded, JapanDailyStandard.TwoPercentExcludedDays(validDays));
    }

    [Fact]
    public void Two_percent_exclusion_value_is_the_8th_highest_of_365()
    {
        // 1…365 shuffled: the 8th highest is 358.
        double[] means = [.. Enumerable.Range(1, 365).Select(d => (double)d)];
        new Random(1973).Shuffle(means);

        Assert.Equal(358, JapanDailyStandard.TwoPercentExclusionValue(means));
    }

    [Fact]
    public void Longest_run_counts_consecutive_days_strictly_above_and_a_missing_day_breaks_it()
    {
        double?[] means = [0.11, 0.10, 0.11, 0.12, null, 0.11, 0.11, 0.11, 0.05];

        Assert.Equal(3, JapanDailyStandard.LongestRunAbove(means, 0.10));
        Assert.Equal(0, JapanDailyStandard.LongestRunAbove([0.10, 0.10], 0.10));
    }

    [Theory]
    // 365 days at 0.05 with isolated days (every tenth day) at 0.15: 7 leave the 2 % value at 0.05 (met), 8 make it 0.15.
    [InlineData(7, 0.05, true)]
    [InlineData(8, 0.15, false)]
    public void Long_term_is_met_when_the_2_percent_value_is_at_most_the_standard(int highDays, double value, bool meets)
    {
        double?[] means = [.. Enumerable.Range(0, 365).Select(d => (double?)(d % 10 == 0 && d / 10 < highDays ? 0.15 : 0.05))];

        JapanLongTermEvaluation? result = JapanDailyStandard.EvaluateLongTerm(means, 0.10);

        Assert.NotNull(result);
        Assert.Equal((365, 7, value, meets, 1), (result.ValidDays, result.ExcludedDays, result.TwoPercentExclusionValue,
            result.TwoPercentExclusionValueMeetsStandard, result.LongestRunOfDaysAboveStandard));
        Assert.Equal(meets, result.MeetsStandard);
    }

    [Fact]
    public void Two_consecutive_days_above_fail_the_year_whatever_the_2_percent_value()
    {
        // The exception rule (2日以上連続しないこと): days 100 and 101 at 0.11, the rest 0.05; 2 % value 0.05 ≤ 0.10.
        double?[] means = [.. Enumerable.Range(0, 365).Select(d => (double?)(d is 100 or 101 ? 0.11 : 0.05))];

        JapanLongTermEvaluation result = JapanDailyStandard.EvaluateLongTerm(means, 0.10)!;

        Assert.True(result.TwoPercentExclusionValueMeetsStandard);
        Assert.True(result.HasConsecutiveDaysAboveStandard);
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Days_above_separated_by_a_missing_day_are_not_consecutive()
    {
        double?[] means = [.. Enumerable.Range(0, 365).Select(d => d switch { 100 or 102 => 0.11, 101 => null, _ => (double?)0.05 })];

        JapanLongTermEvaluation result = JapanDailyStandard.EvaluateLongTerm(means, 0.10)!;

        Assert.Equal(364, result.ValidDays);
        Assert.Equal(1, result.LongestRunOfDaysAboveStandard);
        Assert.True(result.MeetsStandard);
    }

    [Fact]
    public void Long_term_without_a_valid_day_is_null()
    {
        Assert.Null(JapanDailyStandard.EvaluateLongTerm([null, null], 0.10));
    }

    [Fact]
    public void A_day_of_23_values_throws()
    {
        double?[][] year = [[.. Enumerable.Repeat<double?>(1, 23)]];

        Assert.Throws<ArgumentException>(() => JapanDailyStandard.DailyMeans(year));
    }
}
