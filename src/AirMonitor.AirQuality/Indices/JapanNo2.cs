namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's nitrogen dioxide (NO2) standard: the daily mean within the 0.04–0.06 ppm zone or below, evaluated on the
/// year's 98 % value of daily means (the same position rule as PM2.5's, <see cref="JapanPm25.Percentile98Position"/>).
/// </summary>
/// <remarks>Inputs are hourly values in ppb (this project's unit); the standard and results are in ppm.</remarks>
public static class JapanNo2
{
    public const string StandardSource =
        "Environment Agency notification No. 38 of 11 Jul 1978: 1時間値の1日平均値が0.04ppmから0.06ppmまでのゾーン内又は" +
        "それ以下であること; evaluated on the daily mean at 98 % from the lowest (日平均値の年間98%値) not above 0.06 " +
        "(MoE Environment White Paper 1995; Yokohama 98%値評価, which counts the days above 0.06 among the lowest 98 %)";

    public const string ZoneSource =
        "Notification No. 38 (1978) 第2: areas above 0.06 to reach 0.06; areas within 0.04–0.06 to stay about where they are; " +
        "the zone boundaries counted here as below < 0.04 ≤ within ≤ 0.06 < above";

    public const double ZoneLowerPpm = 0.04;
    public const double ZoneUpperPpm = 0.06;

    /// <summary>Where a daily mean (or the 98 % value) lies against the zone.</summary>
    public static JapanNo2Zone ZoneOf(double ppm) =>
        ppm > ZoneUpperPpm ? JapanNo2Zone.Above : ppm >= ZoneLowerPpm ? JapanNo2Zone.Within : JapanNo2Zone.Below;

    /// <summary>
    /// A year of hourly ppb values (days in date order) judged by its 98 % value; null below 6,000 measured hours or
    /// with no valid day. Meets the standard when the 98 % value is at most 0.06 ppm.
    /// </summary>
    public static JapanNo2Year? EvaluateYear(IReadOnlyList<IReadOnlyList<double?>> hourlyPpbByDay)
    {
        int measuredHours = JapanDailyStandard.MeasuredHours(hourlyPpbByDay);
        double[] valid = [.. JapanDailyStandard.DailyMeans(hourlyPpbByDay, Concentrations.PartsPerBillionToPartsPerMillion).Where(d => d.HasValue).Select(d => d!.Value)];
        if (measuredHours < JapanDailyStandard.MinMeasuredHoursPerYear || valid.Length == 0)
        {
            return null;
        }

        double percentile98 = JapanPm25.DailyMean98thPercentile(valid);
        int daysAbove = valid.Count(d => d > ZoneUpperPpm);
        int highestLeftOut = valid.Length - JapanPm25.Percentile98Position(valid.Length);
        return new JapanNo2Year(measuredHours, valid.Length, percentile98, ZoneOf(percentile98),
            valid.Count(d => ZoneOf(d) == JapanNo2Zone.Within), daysAbove, Math.Max(0, daysAbove - highestLeftOut));
    }
}

public enum JapanNo2Zone
{
    /// <summary>Below 0.04 ppm.</summary>
    Below,

    /// <summary>0.04 to 0.06 ppm inclusive.</summary>
    Within,

    /// <summary>Above 0.06 ppm: the standard is not met.</summary>
    Above,
}

/// <summary>
/// One year of NO2: the 98 % value of daily means and its zone, days within the zone, days above 0.06 ppm, and the days
/// above 0.06 among the lowest 98 % (Yokohama's 98%値評価による日平均値が0.06ppmを超えた日数: zero when met).
/// </summary>
public sealed record JapanNo2Year(
    int MeasuredHours,
    int ValidDays,
    double DailyMean98thPercentilePpm,
    JapanNo2Zone Zone,
    int DaysWithinZone,
    int DaysAboveZone,
    int DaysAboveZoneIn98PercentEvaluation)
{
    public bool MeetsStandard => Zone != JapanNo2Zone.Above;
}
