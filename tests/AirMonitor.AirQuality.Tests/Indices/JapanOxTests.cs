using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Tests.Indices;

public class JapanOxTests
{
    /// <summary>A day of 24 hourly ppb values (labels 1…24), all <paramref name="baseline"/> except the given labels.</summary>
    private static double?[] Day(double? baseline, Dictionary<int, double?>? byLabel = null)
    {
        double?[] day = [.. Enumerable.Repeat(baseline, 24)];
        foreach ((int label, double? value) in byLabel ?? [])
        {
            day[label - 1] = value;
        }

        return day;
    }

    [Fact]
    public void Daytime_is_the_15_values_labelled_6_to_20()
    {
        // Yokohama, 昼間(OX): 5:00–20:00, so the 1-h values labelled 6…20; 5,475 hours in a 365-day year.
        Assert.Equal([6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], JapanOx.DaytimeHourLabels);
        Assert.Equal(5475, JapanOx.DaytimeHourLabels.Count * 365);
        Assert.False(JapanOx.IsDaytime(5));
        Assert.True(JapanOx.IsDaytime(6));
        Assert.True(JapanOx.IsDaytime(20));
        Assert.False(JapanOx.IsDaytime(21));
    }

    [Fact]
    public void Day_counts_only_daytime_hours_above_0_06()
    {
        // Label 5 (04:00–05:00) and 21 (20:00–21:00) are night: their 90 ppb do not count. Label 6 at exactly 60 meets
        // the standard; labels 12 and 13 above it; the daytime maximum is label 13's 0.081 ppm.
        double?[] day = Day(30, new() { [5] = 90, [21] = 90, [6] = 60, [12] = 61, [13] = 81, [14] = null });

        JapanOxDay result = JapanOx.EvaluateDay(day);

        Assert.Equal(14, result.DaytimeMeasuredHours);
        Assert.Equal(2, result.DaytimeHoursAboveStandard);
        Assert.Equal(0.081, result.DaytimeMaxPpm);
        Assert.True(result.ExceedsStandard);
    }

    [Fact]
    public void Day_without_daytime_values_has_no_maximum()
    {
        double?[] day = Day(null, new() { [1] = 100, [24] = 100 });

        JapanOxDay result = JapanOx.EvaluateDay(day);

        Assert.Equal(0, result.DaytimeMeasuredHours);
        Assert.Null(result.DaytimeMaxPpm);
        Assert.False(result.ExceedsStandard);
    }

    [Fact]
    public void Year_counts_days_and_hours_above_and_days_at_the_advisory_level()
    {
        // 365 days at 40 ppb; 10 days with 3 daytime hours at 70; 2 of them also one hour at 120 (advisory level) and one
        // day with a night-time 200 (label 22) that counts nowhere; 5 days entirely missing.
        List<double?[]> year = [];
        for (int d = 0; d < 365; d++)
        {
            double?[] day = d switch
            {
                < 10 => Day(40, new() { [13] = 70, [14] = 70, [15] = d < 2 ? 120 : 70 }),
                10 => Day(40, new() { [22] = 200 }),
                < 16 => Day(null),
                _ => Day(40),
            };
            year.Add(day);
        }

        JapanOxYear result = JapanOx.EvaluateYear(year);

        Assert.Equal(360, result.DaytimeMeasuredDays);
        Assert.Equal(360 * 15, result.DaytimeMeasuredHours);
        Assert.Equal(10, result.DaysAboveStandard);
        Assert.Equal(30, result.HoursAboveStandard);
        Assert.Equal(2, result.DaysAtOrAboveAdvisoryLevel);
        Assert.Equal(0.12, result.DaytimeMaxPpm);
        Assert.Equal(((2 * 0.12) + (8 * 0.07) + (350 * 0.04)) / 360, result.MeanOfDaytimeDailyMaximaPpm!.Value, 12);
        Assert.False(result.MeetsStandard);
    }

    [Fact]
    public void Year_with_every_daytime_hour_at_0_06_meets_the_standard()
    {
        JapanOxYear result = JapanOx.EvaluateYear([Day(60), Day(60, new() { [3] = 300 })]);

        Assert.Equal(0, result.HoursAboveStandard);
        Assert.True(result.MeetsStandard);
    }

    [Theory]
    // 施行令 別表第五 and Kanagawa 別表第2: each level is "or more" (以上).
    [InlineData(119.9, OxAlertLevel.None)]
    [InlineData(120, OxAlertLevel.Advisory)]
    [InlineData(239.9, OxAlertLevel.Advisory)]
    [InlineData(240, OxAlertLevel.Warning)]
    [InlineData(399.9, OxAlertLevel.Warning)]
    [InlineData(400, OxAlertLevel.SeriousWarning)]
    public void Emergency_level_is_reached_at_or_above_its_threshold(double ppb, OxAlertLevel level)
    {
        Assert.Equal(level, JapanOx.LevelOf(Concentrations.PartsPerBillionToPartsPerMillion(ppb)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_concentration_throws(double ppm)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JapanOx.LevelOf(ppm));
    }

    [Fact]
    public void Day_needs_24_values()
    {
        Assert.Throws<ArgumentException>(() => JapanOx.EvaluateDay([.. Enumerable.Repeat<double?>(30, 23)]));
    }
}
