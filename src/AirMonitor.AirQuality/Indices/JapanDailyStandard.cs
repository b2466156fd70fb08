namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// The evaluation arithmetic Japan's daily-mean standards share (SPM, SO2, CO, NO2): a year of hourly values, the
/// station's validity (≥ 6000 measured hours), daily means (≥ 20 hours), the 2 % exclusion value with the
/// consecutive-day exception (長期的評価), and counts of days and hours above a standard (短期的評価).
/// </summary>
/// <remarks>
/// Hourly values come in the caller's unit with a converter to the standard's (ppb → ppm, µg/m³ → mg/m³); daily means
/// are taken before converting. Standards and results are in the standard's unit.
/// A year is the days in date order, each 24 hourly values (labels 1…24; null = missing); a fiscal year runs April–March.
/// Values are compared unrounded.
/// </remarks>
public static class JapanDailyStandard
{
    public const string LongTermSource =
        "長期的評価 (MoE evaluation method, as Yokohama's monitoring centre states it, 用語解説 長期的評価 and 2%除外値): the " +
        "year's daily means sorted from the highest, the one numbered 2 % of the days plus one (365 days → the 8th highest) " +
        "must be at most the daily standard; and, whatever that value, no two or more consecutive days with a daily mean " +
        "above it (日平均値が基準を超えた日が2日以上連続しないこと). Used for SO2, SPM and CO";

    public const string ValidStationSource =
        "MoE, Environment White Paper 1995 (平成7年版), section on NO2: 有効測定局 = a station measured for 6,000 hours or more " +
        "in the year; Yokohama (昼間測定時間(OX)) states the same 6,000-hour condition for the other pollutants (not Ox); " +
        "a daily mean needs 20 valid hours (Yokohama, 有効測定日数)";

    /// <summary>A station's year is evaluated with at least 6,000 valid hourly values.</summary>
    public const int MinMeasuredHoursPerYear = 6000;

    /// <summary>
    /// How many of the highest daily means the 2 % exclusion leaves out: 365 → 7. Counted so that the 2 % exclusion value
    /// is the same day as the 98 % value (<see cref="JapanPm25.Percentile98Position"/>): n − round-half-up(0.98·n).
    /// </summary>
    public static int TwoPercentExcludedDays(int validDays) => validDays - JapanPm25.Percentile98Position(validDays);

    /// <summary>The 2 % exclusion value (日平均値の2%除外値): the highest daily mean left after the top 2 % are removed.</summary>
    /// <exception cref="ArgumentException">No daily means, or a NaN or infinite one.</exception>
    public static double TwoPercentExclusionValue(IReadOnlyList<double> dailyMeans) =>
        JapanPm25.DailyMean98thPercentile(dailyMeans);

    /// <summary>
    /// The longest run of consecutive days (in date order) with a daily mean strictly above <paramref name="standard"/>;
    /// a day without a valid daily mean (null) ends a run.
    /// </summary>
    public static int LongestRunAbove(IReadOnlyList<double?> dailyMeansInDateOrder, double standard)
    {
        ArgumentNullException.ThrowIfNull(dailyMeansInDateOrder);
        int longest = 0, run = 0;
        foreach (double? mean in dailyMeansInDateOrder)
        {
            run = mean > standard ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>
    /// 長期的評価 of daily means in date order (null = no valid daily mean): met when the 2 % exclusion value is at most
    /// the standard and no two consecutive days are above it. Null when no day is valid.
    /// </summary>
    public static JapanLongTermEvaluation? EvaluateLongTerm(IReadOnlyList<double?> dailyMeansInDateOrder, double dailyStandard)
    {
        ArgumentNullException.ThrowIfNull(dailyMeansInDateOrder);
        double[] valid = [.. dailyMeansInDateOrder.Where(d => d.HasValue).Select(d => d!.Value)];
        if (valid.Length == 0)
        {
            return null;
        }

        double exclusionValue = TwoPercentExclusionValue(valid);
        return new JapanLongTermEvaluation(valid.Length, TwoPercentExcludedDays(valid.Length), exclusionValue,
            exclusionValue <= dailyStandard, LongestRunAbove(dailyMeansInDateOrder, dailyStandard));
    }

    /// <summary>The number of valid (non-null) hourly values in a year.</summary>
    public static int MeasuredHours(IReadOnlyList<IReadOnlyList<double?>> hourlyByDay)
    {
        RequireDays(hourlyByDay);
        return hourlyByDay.Sum(day => day.Count(h => h.HasValue));
    }

    /// <summary>
    /// Each day's mean (null with fewer than 20 valid hours), in date order, averaged in the input's unit and then
    /// converted by <paramref name="toStandardUnit"/> (none: unchanged).
    /// </summary>
    /// <remarks>Averaging before converting keeps a day of whole-number readings exact: 24 × 100 µg/m³ averages to 100
    /// and converts to 0.1 mg/m³, where 24 × 0.1 summed in binary would come out a hair above 0.1 and above the standard.</remarks>
    public static double?[] DailyMeans(IReadOnlyList<IReadOnlyList<double?>> hourlyByDay, Func<double, double>? toStandardUnit = null)
    {
        RequireDays(hourlyByDay);
        return [.. hourlyByDay.Select(day => JapanPm25.DailyMean(day) is { } mean ? Convert(mean, toStandardUnit) : (double?)null)];
    }

    /// <summary>
    /// 短期的評価 for a standard with a daily-mean and a 1-h limit (SO2, SPM): hours above the 1-h limit, days with such
    /// an hour, days whose mean is above the daily limit. Met only when all three are zero. Hourly values are in the
    /// input's unit and converted by <paramref name="toStandardUnit"/> before comparison (none: unchanged).
    /// </summary>
    public static JapanShortTermEvaluation EvaluateShortTerm(
        IReadOnlyList<IReadOnlyList<double?>> hourlyByDay, double dailyStandard, double hourlyStandard,
        Func<double, double>? toStandardUnit = null)
    {
        double?[] means = DailyMeans(hourlyByDay, toStandardUnit);
        int hoursAbove = 0, daysWithHourAbove = 0;
        foreach (IReadOnlyList<double?> day in hourlyByDay)
        {
            int above = day.Count(h => h is { } value && Convert(value, toStandardUnit) > hourlyStandard);
            hoursAbove += above;
            daysWithHourAbove += above > 0 ? 1 : 0;
        }

        return new JapanShortTermEvaluation(MeasuredHours(hourlyByDay), means.Count(m => m.HasValue), hoursAbove,
            daysWithHourAbove, means.Count(m => m > dailyStandard));
    }

    /// <summary>
    /// 長期的評価 of a year of hourly values (days in date order) in the input's unit: null below 6,000 measured hours
    /// or with no valid day.
    /// </summary>
    public static JapanLongTermEvaluation? EvaluateLongTerm(
        IReadOnlyList<IReadOnlyList<double?>> hourlyByDay, double dailyStandard, Func<double, double>? toStandardUnit = null) =>
        MeasuredHours(hourlyByDay) < MinMeasuredHoursPerYear
            ? null
            : EvaluateLongTerm(DailyMeans(hourlyByDay, toStandardUnit), dailyStandard);

    private static double Convert(double value, Func<double, double>? toStandardUnit) =>
        toStandardUnit is null ? value : toStandardUnit(value);

    private static void RequireDays(IReadOnlyList<IReadOnlyList<double?>> hourlyByDay)
    {
        ArgumentNullException.ThrowIfNull(hourlyByDay);
        foreach (IReadOnlyList<double?> day in hourlyByDay)
        {
            if (day is not { Count: DailyMean.HoursPerDay })
            {
                throw new ArgumentException("Each day has 24 hourly values (labels 1…24; null for a missing hour).", nameof(hourlyByDay));
            }

            foreach (double? hour in day)
            {
                if (hour is { } value)
                {
                    JapanOx.RequireConcentration(value);
                }
            }
        }
    }
}

/// <summary>
/// 長期的評価 of one year: the 2 % exclusion value against the daily standard and the longest run of days above it.
/// Values in the standard's unit.
/// </summary>
public sealed record JapanLongTermEvaluation(
    int ValidDays,
    int ExcludedDays,
    double TwoPercentExclusionValue,
    bool TwoPercentExclusionValueMeetsStandard,
    int LongestRunOfDaysAboveStandard)
{
    /// <summary>Two or more consecutive days above the daily standard fail the year whatever the 2 % exclusion value.</summary>
    public bool HasConsecutiveDaysAboveStandard => LongestRunOfDaysAboveStandard >= 2;

    public bool MeetsStandard => TwoPercentExclusionValueMeetsStandard && !HasConsecutiveDaysAboveStandard;
}

/// <summary>短期的評価 of a period: counts of hours and days above the 1-h and daily limits.</summary>
public sealed record JapanShortTermEvaluation(
    int MeasuredHours,
    int ValidDays,
    int HoursAboveHourlyStandard,
    int DaysWithHourAboveHourlyStandard,
    int DaysAboveDailyStandard)
{
    public bool MeetsStandard => HoursAboveHourlyStandard == 0 && DaysAboveDailyStandard == 0;
}
