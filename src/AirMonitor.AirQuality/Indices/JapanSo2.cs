namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's sulphur dioxide (SO2) standard: daily mean ≤ 0.04 ppm and every 1-h value ≤ 0.1 ppm; evaluated long-term
/// (2 % exclusion value and the consecutive-day exception) and short-term.
/// </summary>
/// <remarks>Inputs are hourly values in ppb (this project's unit); the standard and results are in ppm.</remarks>
public static class JapanSo2
{
    public const string StandardSource =
        "Environment Agency notification No. 25 of 8 May 1973 (大気の汚染に係る環境基準について): 1時間値の1日平均値が" +
        "0.04ppm以下であり、かつ、1時間値が0.1ppm以下であること; long-term: 2 % exclusion value ≤ 0.04 and no two or more " +
        "consecutive days above 0.04 (as Saitama, Sasebo and Yokohama restate the ministry's evaluation method)";

    public const double DailyStandardPpm = 0.04;
    public const double HourlyStandardPpm = 0.1;

    /// <summary>長期的評価 of a year of hourly ppb values (days in date order); null below 6,000 measured hours.</summary>
    public static JapanLongTermEvaluation? EvaluateLongTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyPpbByDay) =>
        JapanDailyStandard.EvaluateLongTerm(hourlyPpbByDay, DailyStandardPpm, Concentrations.PartsPerBillionToPartsPerMillion);

    /// <summary>短期的評価 of any run of days of hourly ppb values: hours above 0.1 ppm, days above 0.04 ppm.</summary>
    public static JapanShortTermEvaluation EvaluateShortTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyPpbByDay) =>
        JapanDailyStandard.EvaluateShortTerm(hourlyPpbByDay, DailyStandardPpm, HourlyStandardPpm, Concentrations.PartsPerBillionToPartsPerMillion);
}
