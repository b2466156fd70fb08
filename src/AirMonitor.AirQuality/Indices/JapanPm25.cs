namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Japan's PM2.5 rules (Ministry of the Environment): the environmental quality standard and its yearly evaluation, and
/// the advisory (注意喚起) guideline's morning and afternoon tests.
/// </summary>
/// <remarks>
/// Japanese hourly values are labelled by the hour they end, 1…24 (MoE's ambient-monitoring rule, as Yokohama's
/// monitoring centre states it): the "05 h" value is the mean of 04:00–05:00 local time, the "24 h" value 23:00–24:00.
/// Use <see cref="HourLabel"/> to label an hour by its start.
/// </remarks>
public static class JapanPm25
{
    public const string StandardSource =
        "Ministry of the Environment, Environmental Quality Standard for PM2.5 (Notification, 9 Sep 2009) and its evaluation " +
        "notice 環水大総発第090909001号 (9 Sep 2009): annual mean ≤ 15 and the 98th percentile of daily means ≤ 35 µg/m³; " +
        "evaluated with ≥ 250 valid days in a fiscal year (April–March)";

    public const string PercentileSource =
        "98% value (日平均値の年間98%値): the daily means sorted ascending, the value 98 % of the way up; MoE's EIA glossary " +
        "(環境アセスメント用語集) gives 365 days → the 8th highest (= 358th lowest), which fixes the position as 0.98·n " +
        "rounded half up (floor would give the 357th); Yokohama (98%値評価) says PM2.5 uses the NO2 method";

    public const string AdvisorySource =
        "Ministry of the Environment, 'Guideline for the PM2.5 advisory' (注意喚起のための暫定的な指針, Feb 2013) and its " +
        "morning/afternoon judgement method (Nov 2013): level II when the daily mean is expected above 70 µg/m³; morning test " +
        "mean of the 05, 06, 07 h values > 85; afternoon test mean of the 05–12 h values > 80";

    public const string HourLabelSource =
        "MoE ambient monitoring practice, as Yokohama's monitoring centre states it (測定値の取扱い及び評価方法): a 1-h value " +
        "runs from the hour to the next and carries the later time; hours are written 1–24";

    public const double DailyStandardMicrogramsPerCubicMeter = 35;
    public const double AnnualStandardMicrogramsPerCubicMeter = 15;

    /// <summary>A daily mean counts with at least 20 valid hourly values (5 or more missing hours void the day).</summary>
    public const int MinValidHoursPerDay = 20;

    /// <summary>A fiscal year is evaluated against the standard only with at least 250 valid days.</summary>
    public const int MinValidDaysPerYear = 250;

    /// <summary>Level II: the daily mean is expected above 70 µg/m³.</summary>
    public const double AdvisoryDailyMeanMicrogramsPerCubicMeter = 70;

    /// <summary>Morning test: the mean of the 05, 06 and 07 h values above 85 → advise around 08–09 h.</summary>
    public const double MorningTestMicrogramsPerCubicMeter = 85;

    /// <summary>Afternoon test: the mean of the 05–12 h values above 80 → advise around 13 h.</summary>
    public const double AfternoonTestMicrogramsPerCubicMeter = 80;

    /// <summary>Hour labels 5, 6, 7 (04:00–07:00 local).</summary>
    public static IReadOnlyList<int> MorningTestHours { get; } = [5, 6, 7];

    /// <summary>Hour labels 5…12 (04:00–12:00 local).</summary>
    public static IReadOnlyList<int> AfternoonTestHours { get; } = [5, 6, 7, 8, 9, 10, 11, 12];

    /// <summary>The Japanese label (1…24) of the hour that starts at <paramref name="startHourLocal"/> (0…23): 04:00–05:00 → 5.</summary>
    public static int HourLabel(int startHourLocal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startHourLocal);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startHourLocal, 23);
        return startHourLocal + 1;
    }

    /// <summary>The daily mean of the 24 hourly values (labels 1…24 in order; null = missing), null with fewer than 20 valid.</summary>
    public static double? DailyMean(IReadOnlyList<double?> hourValues) => Indices.DailyMean.Compute(hourValues, MinValidHoursPerDay);

    /// <summary>The mean of the 05, 06 and 07 h values; null unless all three have a value.</summary>
    public static double? MorningTestMean(Func<int, double?> hourValueByLabel) => TestMean(MorningTestHours, hourValueByLabel);

    /// <summary>The mean of the 05…12 h values; null unless all eight have a value.</summary>
    public static double? AfternoonTestMean(Func<int, double?> hourValueByLabel) => TestMean(AfternoonTestHours, hourValueByLabel);

    /// <summary>True when the morning mean is strictly above 85 µg/m³ (exactly 85 does not advise).</summary>
    public static bool MorningTestExceeded(double mean) => mean > MorningTestMicrogramsPerCubicMeter;

    /// <summary>True when the afternoon mean is strictly above 80 µg/m³.</summary>
    public static bool AfternoonTestExceeded(double mean) => mean > AfternoonTestMicrogramsPerCubicMeter;

    /// <summary>
    /// The 1-based position, counted from the lowest, of the 98 % value among <paramref name="validDays"/> daily means:
    /// 0.98·n rounded half up (365 → 358, the 8th highest). Integer arithmetic, so n·0.98 never lands a hair below a half.
    /// </summary>
    public static int Percentile98Position(int validDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(validDays, 1);
        return (int)(((98L * validDays) + 50) / 100);
    }

    /// <summary>The 98 % value of a year's daily means (missing days left out before the call).</summary>
    /// <exception cref="ArgumentException">No daily means, or a NaN or infinite one.</exception>
    public static double DailyMean98thPercentile(IReadOnlyList<double> dailyMeans)
    {
        ArgumentNullException.ThrowIfNull(dailyMeans);
        if (dailyMeans.Count == 0 || dailyMeans.Any(d => !double.IsFinite(d)))
        {
            throw new ArgumentException("The 98 % value needs at least one daily mean, each a finite number.", nameof(dailyMeans));
        }

        double[] ascending = [.. dailyMeans];
        Array.Sort(ascending);
        return ascending[Percentile98Position(ascending.Length) - 1];
    }

    /// <summary>Annual standard: the annual mean at most 15 µg/m³.</summary>
    public static bool MeetsAnnualStandard(double annualMeanMicrogramsPerCubicMeter) =>
        annualMeanMicrogramsPerCubicMeter <= AnnualStandardMicrogramsPerCubicMeter;

    /// <summary>Daily standard: the 98 % value of the daily means at most 35 µg/m³.</summary>
    public static bool MeetsDailyStandard(double dailyMean98thPercentileMicrogramsPerCubicMeter) =>
        dailyMean98thPercentileMicrogramsPerCubicMeter <= DailyStandardMicrogramsPerCubicMeter;

    /// <summary>
    /// Evaluates one fiscal year (April–March) of daily means (null = an invalid day) against the standard; null with
    /// fewer than 250 valid days. The annual mean is taken as the mean of the valid daily means. Values are compared
    /// unrounded.
    /// </summary>
    public static JapanPm25YearEvaluation? EvaluateYear(IReadOnlyList<double?> dailyMeans)
    {
        ArgumentNullException.ThrowIfNull(dailyMeans);
        double[] valid = [.. dailyMeans.Where(d => d.HasValue).Select(d => d!.Value)];
        if (valid.Length < MinValidDaysPerYear)
        {
            return null;
        }

        double percentile98 = DailyMean98thPercentile(valid);
        double annualMean = valid.Average();
        return new JapanPm25YearEvaluation(valid.Length, annualMean, percentile98,
            MeetsAnnualStandard(annualMean), MeetsDailyStandard(percentile98));
    }

    private static double? TestMean(IReadOnlyList<int> labels, Func<int, double?> hourValueByLabel)
    {
        ArgumentNullException.ThrowIfNull(hourValueByLabel);
        double sum = 0;
        foreach (int label in labels)
        {
            if (hourValueByLabel(label) is not { } value)
            {
                return null;
            }

            sum += value;
        }

        return sum / labels.Count;
    }
}

/// <summary>One fiscal year of a station judged against Japan's PM2.5 standard; it meets it only when both parts do.</summary>
public sealed record JapanPm25YearEvaluation(
    int ValidDays,
    double AnnualMeanMicrogramsPerCubicMeter,
    double DailyMean98thPercentileMicrogramsPerCubicMeter,
    bool MeetsAnnualStandard,
    bool MeetsDailyStandard)
{
    public bool MeetsStandard => MeetsAnnualStandard && MeetsDailyStandard;
}
