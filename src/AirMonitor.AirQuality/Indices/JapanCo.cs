namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's carbon monoxide (CO) standard: daily mean ≤ 10 ppm and 8-h mean ≤ 20 ppm, the 8-h means being the day's
/// three blocks (labels 1–8, 9–16, 17–24); evaluated long-term (2 % exclusion value, consecutive days) and short-term.
/// </summary>
/// <remarks>CO is already in ppm in this project; no conversion.</remarks>
public static class JapanCo
{
    public const string StandardSource =
        "Environment Agency notification No. 25 of 8 May 1973: 1時間値の1日平均値が10ppm以下であり、かつ、1時間値の8時間" +
        "平均値が20ppm以下であること; the 8-h mean is each of the day's three 8-hour blocks (1日を8時間ごとの3区分したときの" +
        "各区分の平均値, Sasebo City's statement of the evaluation); long-term: 2 % exclusion value ≤ 10 and no two " +
        "consecutive days above 10";

    public const double DailyStandardPpm = 10;
    public const double EightHourStandardPpm = 20;

    /// <summary>An 8-hour block's mean needs 6 of its 8 hours (this project's choice: no ministry rule was found).</summary>
    public const int MinValidHoursPerEightHourBlock = 6;

    /// <summary>The day's three 8-hour block means (labels 1–8, 9–16, 17–24), null where fewer than 6 hours are valid.</summary>
    public static double?[] EightHourMeans(IReadOnlyList<double?> hourlyPpm)
    {
        ArgumentNullException.ThrowIfNull(hourlyPpm);
        if (hourlyPpm.Count != DailyMean.HoursPerDay)
        {
            throw new ArgumentException("A day has 24 hourly values (labels 1…24; null for a missing hour).", nameof(hourlyPpm));
        }

        double?[] means = new double?[3];
        for (int block = 0; block < 3; block++)
        {
            double[] valid = [.. hourlyPpm.Skip(block * 8).Take(8).Where(h => h.HasValue).Select(h => JapanOx.RequireConcentration(h!.Value))];
            means[block] = valid.Length >= MinValidHoursPerEightHourBlock ? valid.Average() : null;
        }

        return means;
    }

    /// <summary>長期的評価 of a year of hourly ppm values (days in date order); null below 6,000 measured hours.</summary>
    public static JapanLongTermEvaluation? EvaluateLongTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyPpmByDay) =>
        JapanDailyStandard.EvaluateLongTerm(hourlyPpmByDay, DailyStandardPpm);

    /// <summary>短期的評価: 8-hour blocks above 20 ppm, days with such a block, days with a daily mean above 10 ppm.</summary>
    public static JapanCoShortTermEvaluation EvaluateShortTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyPpmByDay)
    {
        double?[] dailyMeans = JapanDailyStandard.DailyMeans(hourlyPpmByDay);
        int blocksAbove = 0, daysWithBlockAbove = 0;
        foreach (IReadOnlyList<double?> day in hourlyPpmByDay)
        {
            int above = EightHourMeans(day).Count(m => m > EightHourStandardPpm);
            blocksAbove += above;
            daysWithBlockAbove += above > 0 ? 1 : 0;
        }

        return new JapanCoShortTermEvaluation(dailyMeans.Count(m => m.HasValue), blocksAbove, daysWithBlockAbove,
            dailyMeans.Count(m => m > DailyStandardPpm));
    }
}

/// <summary>CO 短期的評価: counts of 8-hour blocks and days above the limits.</summary>
public sealed record JapanCoShortTermEvaluation(
    int ValidDays,
    int EightHourBlocksAboveStandard,
    int DaysWithEightHourBlockAboveStandard,
    int DaysAboveDailyStandard)
{
    public bool MeetsStandard => EightHourBlocksAboveStandard == 0 && DaysAboveDailyStandard == 0;
}
