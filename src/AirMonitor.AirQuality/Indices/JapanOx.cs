namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's photochemical oxidant (Ox) rules: the environmental quality standard judged over the daytime hours, and the
/// emergency levels (注意報, 警報, 重大緊急時警報) that Kanagawa issues per region (<see cref="OxAdvisories"/>).
/// </summary>
/// <remarks>
/// Hourly values are labelled 1…24 by the hour they end (<see cref="JapanPm25.HourLabel"/>). Inputs are in this
/// project's unit, ppb; the standard and the levels are in ppm, and results carry ppm in their names.
/// </remarks>
public static class JapanOx
{
    public const string StandardSource =
        "Environment Agency notification No. 25 of 8 May 1973 (大気の汚染に係る環境基準について), as amended: photochemical " +
        "oxidant 1-h value ≤ 0.06 ppm; evaluated over the daytime, 昼間 (5時から20時まで), as the standard's evaluation " +
        "method is restated by prefectures and cities (e.g. Saitama's 環境基準に関する説明: 昼間の1時間値が0.06ppm以下であること)";

    public const string DaytimeSource =
        "Yokohama City monitoring centre, 用語解説 昼間(OX) and 昼間測定時間(OX): 昼間 is 5:00–20:00 whatever the season, " +
        "so the 15 hourly values labelled 6…20 are evaluated (5,475 daytime hours in a 365-day year); the daytime daily " +
        "maximum (昼間の日最高1時間値) counts a day with at least one valid daytime value";

    public const string EmergencySource =
        "大気汚染防止法 第23条 and 施行令 第11条 with 別表第五: 注意報 when the Ox 1-h value is 0.12 ppm or more (百万分の0.12" +
        "以上), 重大緊急時 when 0.4 ppm or more; 警報 0.24 ppm or more is not in the Act but Kanagawa's own " +
        "(神奈川県大気汚染緊急時措置要綱 第6条, 別表第2 発令基準等), which also sets every level's condition " +
        "(気象条件からみて各欄の基準が継続すると認められること) and the lift rule (解除基準)";

    /// <summary>The standard: every daytime 1-h value at most 0.06 ppm (a value exactly 0.06 meets it).</summary>
    public const double StandardPpm = 0.06;

    /// <summary>注意報 (advisory): 1-h value ≥ 0.12 ppm (施行令 別表第五; Kanagawa 別表第2). Exactly 0.120 issues.</summary>
    public const double AdvisoryPpm = 0.12;

    /// <summary>警報 (warning): 1-h value ≥ 0.24 ppm (Kanagawa 要綱 別表第2; not in the Act).</summary>
    public const double WarningPpm = 0.24;

    /// <summary>重大緊急時警報 (serious warning): 1-h value ≥ 0.4 ppm (施行令 別表第五 下欄; Kanagawa 別表第2).</summary>
    public const double SeriousWarningPpm = 0.4;

    /// <summary>Hour labels 6…20: the 15 daytime values (05:00–20:00 local).</summary>
    public static IReadOnlyList<int> DaytimeHourLabels { get; } = [.. Enumerable.Range(6, 15)];

    /// <summary>True for the labels 6…20, the daytime (昼間) values.</summary>
    public static bool IsDaytime(int hourLabel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hourLabel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hourLabel, 24);
        return hourLabel is >= 6 and <= 20;
    }

    /// <summary>True when a 1-h value is strictly above 0.06 ppm (the standard is "at most 0.06").</summary>
    public static bool ExceedsStandard(double oxPpm) => oxPpm > StandardPpm;

    /// <summary>
    /// The highest emergency level whose criterion a 1-h value meets (each is "or more"): 0.12 → Advisory, 0.24 →
    /// Warning, 0.4 → SeriousWarning. The weather condition is the caller's (<see cref="OxAdvisories"/>).
    /// </summary>
    public static OxAlertLevel LevelOf(double oxPpm)
    {
        RequireConcentration(oxPpm);
        return oxPpm >= SeriousWarningPpm ? OxAlertLevel.SeriousWarning
            : oxPpm >= WarningPpm ? OxAlertLevel.Warning
            : oxPpm >= AdvisoryPpm ? OxAlertLevel.Advisory
            : OxAlertLevel.None;
    }

    /// <summary>
    /// An hourly Ox value as Japan reports and judges it: to 0.001 ppm, i.e. whole ppb (half away from zero), so that
    /// "0.12 ppm or more" is decided on the reported value.
    /// </summary>
    public static double ReportedPpb(double ppb) => Math.Round(ppb, MidpointRounding.AwayFromZero);

    /// <summary>The 1-h value a level needs (≥); None has no threshold.</summary>
    public static double ThresholdPpm(OxAlertLevel level) => level switch
    {
        OxAlertLevel.Advisory => AdvisoryPpm,
        OxAlertLevel.Warning => WarningPpm,
        OxAlertLevel.SeriousWarning => SeriousWarningPpm,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Only the three emergency levels have a threshold."),
    };

    /// <summary>
    /// One day judged against the standard from its 24 hourly values in ppb (labels 1…24 in order; null = missing):
    /// only labels 6…20 count.
    /// </summary>
    /// <exception cref="ArgumentException">Not exactly 24 values, or a negative, NaN or infinite one.</exception>
    public static JapanOxDay EvaluateDay(IReadOnlyList<double?> hourlyPpb)
    {
        ArgumentNullException.ThrowIfNull(hourlyPpb);
        if (hourlyPpb.Count != Indices.DailyMean.HoursPerDay)
        {
            throw new ArgumentException("A day has 24 hourly values (labels 1…24; null for a missing hour).", nameof(hourlyPpb));
        }

        int measured = 0;
        int above = 0;
        double? max = null;
        foreach (int label in DaytimeHourLabels)
        {
            if (hourlyPpb[label - 1] is not { } ppb)
            {
                continue;
            }

            double ppm = Concentrations.PartsPerBillionToPartsPerMillion(RequireConcentration(ppb));
            measured++;
            if (ExceedsStandard(ppm))
            {
                above++;
            }

            max = max is { } m ? Math.Max(m, ppm) : ppm;
        }

        return new JapanOxDay(measured, above, max);
    }

    /// <summary>
    /// A fiscal year (or any run of days) judged as Yokohama and the ministry publish it: daytime hours and days above
    /// 0.06 ppm (昼間の1時間値が0.06ppmを超えた日数と時間数), days whose daytime maximum reached the advisory level
    /// (0.12 ppm or more), and the mean of the daytime daily maxima. It meets the standard only with no hour above.
    /// </summary>
    public static JapanOxYear EvaluateYear(IReadOnlyList<IReadOnlyList<double?>> hourlyPpbByDay)
    {
        ArgumentNullException.ThrowIfNull(hourlyPpbByDay);
        int measuredHours = 0, measuredDays = 0, hoursAbove = 0, daysAbove = 0, daysAtAdvisory = 0;
        double sumOfMaxima = 0;
        double? yearMax = null;
        foreach (IReadOnlyList<double?> hours in hourlyPpbByDay)
        {
            JapanOxDay day = EvaluateDay(hours);
            measuredHours += day.DaytimeMeasuredHours;
            hoursAbove += day.DaytimeHoursAboveStandard;
            if (day.DaytimeMaxPpm is not { } max)
            {
                continue;
            }

            measuredDays++;
            sumOfMaxima += max;
            yearMax = yearMax is { } y ? Math.Max(y, max) : max;
            if (day.ExceedsStandard)
            {
                daysAbove++;
            }

            if (max >= AdvisoryPpm)
            {
                daysAtAdvisory++;
            }
        }

        return new JapanOxYear(measuredDays, measuredHours, daysAbove, hoursAbove, daysAtAdvisory, yearMax,
            measuredDays > 0 ? sumOfMaxima / measuredDays : null);
    }

    internal static double RequireConcentration(double value)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A concentration must be a finite, non-negative number.");
        }

        return value;
    }
}

/// <summary>Photochemical-oxidant emergency levels in rising order (施行令 別表第五; Kanagawa 別表第2).</summary>
public enum OxAlertLevel
{
    None = 0,

    /// <summary>注意報: 1-h value ≥ 0.12 ppm.</summary>
    Advisory = 1,

    /// <summary>警報: 1-h value ≥ 0.24 ppm (prefectural).</summary>
    Warning = 2,

    /// <summary>重大緊急時警報: 1-h value ≥ 0.4 ppm.</summary>
    SeriousWarning = 3,
}

/// <summary>One day's daytime (labels 6…20) values against the Ox standard.</summary>
public sealed record JapanOxDay(int DaytimeMeasuredHours, int DaytimeHoursAboveStandard, double? DaytimeMaxPpm)
{
    /// <summary>At least one daytime 1-h value above 0.06 ppm.</summary>
    public bool ExceedsStandard => DaytimeHoursAboveStandard > 0;
}

/// <summary>A year of daytime Ox values: counts as Yokohama and the ministry publish them; means in ppm.</summary>
public sealed record JapanOxYear(
    int DaytimeMeasuredDays,
    int DaytimeMeasuredHours,
    int DaysAboveStandard,
    int HoursAboveStandard,
    int DaysAtOrAboveAdvisoryLevel,
    double? DaytimeMaxPpm,
    double? MeanOfDaytimeDailyMaximaPpm)
{
    /// <summary>Every daytime 1-h value at most 0.06 ppm.</summary>
    public bool MeetsStandard => HoursAboveStandard == 0;
}
