using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanPm25Tests
{
    /// <summary>Hour values by Japanese label (the hour they end); a label not in the map is missing.</summary>
    private static Func<int, double?> Hours(Dictionary<int, double> byLabel) =>
        label => byLabel.TryGetValue(label, out double value) ? value : null;

    [Theory]
    // (84 + 85 + 86)/3 = 85: exactly 85 does not advise; (85 + 85 + 85.3)/3 = 85.1 does.
    [InlineData(84, 85, 86, 85, false)]
    [InlineData(85, 85, 85.3, 85.1, true)]
    [InlineData(100, 90, 70, 86.666666667, true)]
    public void Morning_test_uses_the_05_06_07_h_values_and_needs_more_than_85(double h5, double h6, double h7, double mean, bool exceeded)
    {
        // Labels 4 and 8 are outside the test; their high values must not count.
        Func<int, double?> hours = Hours(new() { [4] = 1000, [5] = h5, [6] = h6, [7] = h7, [8] = 1000 });

        double? morning = JapanPm25.MorningTestMean(hours);

        Assert.NotNull(morning);
        Assert.Equal(mean, morning.Value, 8);
        Assert.Equal(exceeded, JapanPm25.MorningTestExceeded(morning.Value));
    }

    [Theory]
    [InlineData(85, false)]
    [InlineData(85.1, true)]
    public void Morning_threshold_is_strictly_above_85(double mean, bool exceeded)
    {
        Assert.Equal(exceeded, JapanPm25.MorningTestExceeded(mean));
    }

    [Theory]
    [InlineData(80, false)]
    [InlineData(80.1, true)]
    public void Afternoon_threshold_is_strictly_above_80(double mean, bool exceeded)
    {
        Assert.Equal(exceeded, JapanPm25.AfternoonTestExceeded(mean));
    }

    [Fact]
    public void Afternoon_test_uses_the_05_to_12_h_values()
    {
        // 73, 75, …, 87 at labels 5…12: mean 80, not exceeded; labels 4 and 13 are outside the test.
        Dictionary<int, double> byLabel = new() { [4] = 1000, [13] = 1000 };
        for (int label = 5; label <= 12; label++)
        {
            byLabel[label] = 73 + (2 * (label - 5));
        }

        double? afternoon = JapanPm25.AfternoonTestMean(Hours(byLabel));

        Assert.Equal(80, afternoon!.Value, 10);
        Assert.False(JapanPm25.AfternoonTestExceeded(afternoon.Value));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void Morning_test_with_a_missing_hour_gives_no_value(int missingLabel)
    {
        Dictionary<int, double> byLabel = new() { [5] = 90, [6] = 90, [7] = 90 };
        byLabel.Remove(missingLabel);

        Assert.Null(JapanPm25.MorningTestMean(Hours(byLabel)));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(12)]
    public void Afternoon_test_with_a_missing_hour_gives_no_value(int missingLabel)
    {
        Dictionary<int, double> byLabel = Enumerable.Range(5, 8).ToDictionary(label => label, _ => 90.0);
        byLabel.Remove(missingLabel);

        Assert.Null(JapanPm25.AfternoonTestMean(Hours(byLabel)));
    }

    [Fact]
    public void Test_hours_are_the_guideline_labels()
    {
        Assert.Equal([5, 6, 7], JapanPm25.MorningTestHours);
        Assert.Equal([5, 6, 7, 8, 9, 10, 11, 12], JapanPm25.AfternoonTestHours);
    }

    [Theory]
    // An hour is labelled by its end: 04:00–05:00 is the "05 h" value, 23:00–24:00 the "24 h" value.
    [InlineData(0, 1)]
    [InlineData(4, 5)]
    [InlineData(6, 7)]
    [InlineData(11, 12)]
    [InlineData(23, 24)]
    public void Hour_label_is_the_hour_it_ends(int startHourLocal, int label)
    {
        Assert.Equal(label, JapanPm25.HourLabel(startHourLocal));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(24)]
    public void Hour_start_outside_the_day_throws(int startHourLocal)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JapanPm25.HourLabel(startHourLocal));
    }

    [Theory]
    // 0.98·n rounded half up: 365 → 357.7 → 358 (the 8th highest, MoE's example); floor would give 357.
    [InlineData(365, 358)]
    [InlineData(366, 359)] // 358.68
    [InlineData(250, 245)] // 245.0
    [InlineData(300, 294)] // 294.0
    [InlineData(25, 25)] // 24.5 → 25
    [InlineData(1, 1)] // 0.98
    public void Percentile98_position_rounds_half_up(int validDays, int position)
    {
        Assert.Equal(position, JapanPm25.Percentile98Position(validDays));
    }

    [Fact]
    public void Percentile98_is_the_358th_lowest_of_365_in_any_order()
    {
        // 1…365 shuffled: the 358th lowest is 358.
        double[] dailyMeans = [.. Enumerable.Range(1, 365).Select(d => (double)d)];
        new Random(2009).Shuffle(dailyMeans);

        Assert.Equal(358, JapanPm25.DailyMean98thPercentile(dailyMeans));
    }

    [Theory]
    // 365 days at 10 µg/m³ except the highest days at 50: the 98 % value is the 8th highest.
    // 7 high days: 358th lowest is 10 → meets. 8 high days: 358th lowest is 50 → fails.
    // Annual mean with 8 high days: (357·10 + 8·50)/365 = 3970/365 = 10.877 ≤ 15 → annual part still met.
    [InlineData(7, 10, true)]
    [InlineData(8, 50, false)]
    public void Year_meets_the_standard_only_when_the_98_percent_value_is_at_most_35(int highDays, double percentile98, bool meets)
    {
        double?[] year = [.. Enumerable.Repeat<double?>(10, 365 - highDays), .. Enumerable.Repeat<double?>(50, highDays)];

        JapanPm25YearEvaluation? evaluation = JapanPm25.EvaluateYear(year);

        Assert.NotNull(evaluation);
        Assert.Equal(365, evaluation.ValidDays);
        Assert.Equal(percentile98, evaluation.DailyMean98thPercentileMicrogramsPerCubicMeter);
        Assert.Equal(((365 - highDays) * 10.0 + highDays * 50.0) / 365, evaluation.AnnualMeanMicrogramsPerCubicMeter, 10);
        Assert.True(evaluation.MeetsAnnualStandard);
        Assert.Equal(meets, evaluation.MeetsDailyStandard);
        Assert.Equal(meets, evaluation.MeetsStandard);
    }

    [Fact]
    public void Year_with_annual_mean_above_15_fails_even_with_a_low_98_percent_value()
    {
        // Every day 15.1: annual 15.1 > 15, 98 % value 15.1 ≤ 35.
        JapanPm25YearEvaluation? evaluation = JapanPm25.EvaluateYear([.. Enumerable.Repeat<double?>(15.1, 300)]);

        Assert.NotNull(evaluation);
        Assert.False(evaluation.MeetsAnnualStandard);
        Assert.True(evaluation.MeetsDailyStandard);
        Assert.False(evaluation.MeetsStandard);
    }

    [Theory]
    [InlineData(249, false)]
    [InlineData(250, true)]
    public void Year_needs_250_valid_days(int validDays, bool evaluated)
    {
        double?[] year = [.. Enumerable.Repeat<double?>(12, validDays), .. Enumerable.Repeat<double?>(null, 365 - validDays)];

        JapanPm25YearEvaluation? evaluation = JapanPm25.EvaluateYear(year);

        Assert.Equal(evaluated, evaluation is not null);
        Assert.Equal(evaluated ? validDays : null, evaluation?.ValidDays);
    }

    [Theory]
    [InlineData(35, true)]
    [InlineData(35.1, false)]
    public void Daily_standard_is_at_most_35(double percentile98, bool meets)
    {
        Assert.Equal(meets, JapanPm25.MeetsDailyStandard(percentile98));
    }

    [Theory]
    [InlineData(15, true)]
    [InlineData(15.1, false)]
    public void Annual_standard_is_at_most_15(double annualMean, bool meets)
    {
        Assert.Equal(meets, JapanPm25.MeetsAnnualStandard(annualMean));
    }

    [Theory]
    [InlineData(19, null)]
    [InlineData(20, 10.5)] // (1 + … + 20)/20 = 210/20
    public void Japanese_daily_mean_needs_20_valid_hours(int valid, double? mean)
    {
        double?[] day = [.. Enumerable.Range(1, 24).Select(h => h <= valid ? (double?)h : null)];

        Assert.Equal(mean, JapanPm25.DailyMean(day));
    }
}
