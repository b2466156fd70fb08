namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's suspended particulate matter (SPM) standard: daily mean ≤ 0.10 mg/m³ and every 1-h value ≤ 0.20 mg/m³;
/// evaluated long-term (2 % exclusion value and the consecutive-day exception) and short-term.
/// </summary>
/// <remarks>Inputs are hourly values in this project's unit, µg/m³; the standard and results are in mg/m³.</remarks>
public static class JapanSpm
{
    public const string StandardSource =
        "Environment Agency notification No. 25 of 8 May 1973 (大気の汚染に係る環境基準について): 1時間値の1日平均値が" +
        "0.10mg/m3以下であり、かつ、1時間値が0.20mg/m3以下であること; long-term evaluation as restated in MoE's " +
        "Environment White Paper 2005 (長期的評価に基づく浮遊粒子状物質に係る環境基準): the highest daily mean after removing " +
        "those within the top 2 % at most 0.10, and no two or more consecutive days above 0.10";

    public const double DailyStandardMilligramsPerCubicMeter = 0.10;
    public const double HourlyStandardMilligramsPerCubicMeter = 0.20;

    /// <summary>長期的評価 of a year of hourly µg/m³ values (days in date order); null below 6,000 measured hours.</summary>
    public static JapanLongTermEvaluation? EvaluateLongTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyMicrogramsPerCubicMeterByDay) =>
        JapanDailyStandard.EvaluateLongTerm(hourlyMicrogramsPerCubicMeterByDay, DailyStandardMilligramsPerCubicMeter, Concentrations.MicrogramsToMilligramsPerCubicMeter);

    /// <summary>短期的評価 of any run of days of hourly µg/m³ values: hours above 0.20, days above 0.10 (mg/m³).</summary>
    public static JapanShortTermEvaluation EvaluateShortTerm(IReadOnlyList<IReadOnlyList<double?>> hourlyMicrogramsPerCubicMeterByDay) =>
        JapanDailyStandard.EvaluateShortTerm(hourlyMicrogramsPerCubicMeterByDay,
            DailyStandardMilligramsPerCubicMeter, HourlyStandardMilligramsPerCubicMeter, Concentrations.MicrogramsToMilligramsPerCubicMeter);
}
