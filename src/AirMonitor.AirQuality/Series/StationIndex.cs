using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Series;

/// <summary>
/// A mean over the hours up to one: a running mean of the last <paramref name="Hours"/> hourly values, valid with
/// <paramref name="MinHours"/> of them, or the NowCast of the last 12. Stored in <c>air_index</c> as <paramref name="Field"/>.
/// </summary>
public sealed record MeanWindow(string Field, Ambient Metric, int Hours, int MinHours, bool IsNowCast, string Source)
{
    /// <param name="newestFirst">The window's <see cref="Hours"/> hourly values, the newest first; null for a missing hour.</param>
    public double? Compute(IReadOnlyList<double?> newestFirst)
    {
        if (IsNowCast)
        {
            return NowCast.Compute(newestFirst);
        }

        var present = newestFirst.OfType<double>().ToList();
        return present.Count >= MinHours ? present.Average() : null;
    }
}

/// <summary>The running means the indices and standards need, each with its completeness rule.</summary>
public static class MeanWindows
{
    private const string DailyRule = "US EPA daily completeness, 18 of 24 hours (40 CFR 58 App. G; used for the Thai running means too)";

    private const string EightHourRule =
        "8-hour mean of the hour and the 7 before, valid with 6 of 8 hours (75 %), as 40 CFR 50 App. U §3(b) has it for O3 " +
        "and the EPA AQI Technical Assistance Document applies to CO; PCD's Thai AQI uses the 8-h means of O3 and CO";

    public static MeanWindow Pm2_5Day { get; } = new("pm2_5_24h", Ambient.Pm2_5, 24, 18, false, DailyRule);
    public static MeanWindow Pm10Day { get; } = new("pm10_24h", Ambient.Pm10, 24, 18, false, DailyRule);
    public static MeanWindow So2Day { get; } = new("so2_24h", Ambient.So2, 24, 18, false, DailyRule + "; the US AQI takes 24-h SO2 above 304 ppb 1-h");
    public static MeanWindow O3EightHours { get; } = new("o3_8h", Ambient.O3, 8, 6, false, EightHourRule);
    public static MeanWindow CoEightHours { get; } = new("co_8h", Ambient.Co, 8, 6, false, EightHourRule);
    public static MeanWindow NowCastPm2_5 { get; } = new("nowcast_pm2_5", Ambient.Pm2_5, NowCast.Hours, 2, true, NowCast.Source);
    public static MeanWindow NowCastPm10 { get; } = new("nowcast_pm10", Ambient.Pm10, NowCast.Hours, 2, true, NowCast.Source);

    public static IReadOnlyList<MeanWindow> All { get; } = [Pm2_5Day, Pm10Day, So2Day, O3EightHours, CoEightHours, NowCastPm2_5, NowCastPm10];

    /// <summary>The running window of <paramref name="metric"/> with <paramref name="hours"/> hours (24, 8) or the NowCast; null when none is derived.</summary>
    public static MeanWindow? Find(Ambient metric, int hours, bool nowCast) =>
        All.FirstOrDefault(w => w.Metric == metric && w.IsNowCast == nowCast && (nowCast || w.Hours == hours));
}

/// <summary>
/// A station's indices at one hour (measurement <c>air_index</c>), from its hourly values up to and including that
/// hour: the running means (<see cref="MeanWindows"/>), the US AQI of every pollutant (PM by its NowCast, as AirNow
/// reports each hour; O3 by its 8-h and 1-h rules; CO 8-h; NO2 1-h; SO2 1-h or 24-h) and the Thai AQI of every
/// pollutant (PM 24-h running means, O3 and CO 8-h, NO2 and SO2 1-h, as the PCD reports each hour), each the highest
/// sub-index with the pollutant responsible.
/// </summary>
public sealed record StationIndex(
    long HourStartMs,
    StationHour Hour,
    IReadOnlyDictionary<MeanWindow, double?> Means,
    int Pm2_5HoursOf24,
    IReadOnlyList<AqiResult> UsSubIndices,
    IReadOnlyList<AqiResult> ThaiSubIndices)
{
    public AqiResult? AqiUs => Highest(UsSubIndices);

    public AqiResult? AqiTh => Highest(ThaiSubIndices);

    public double? Mean(MeanWindow window) => Means.TryGetValue(window, out var value) ? value : null;

    public static StationIndex Compute(long hour, IReadOnlyDictionary<long, StationHour> hours)
    {
        List<double?> Back(int count, Ambient metric) =>
            [.. Enumerable.Range(0, count).Select(i => hours.TryGetValue(hour - (i * HourlyMeans.HourMs), out var h) ? h[metric] : null)];

        var means = MeanWindows.All.ToDictionary(w => w, w => w.Compute(Back(w.Hours, w.Metric)));
        var now = hours[hour];
        double? Mean(MeanWindow w) => means[w];

        AqiResult?[] us =
        [
            Sub(Mean(MeanWindows.NowCastPm2_5), c => UsAqi.Index(Pollutant.Pm2_5, c)),
            Sub(Mean(MeanWindows.NowCastPm10), c => UsAqi.Index(Pollutant.Pm10, c)),
            UsAqi.Ozone(Ppm(Mean(MeanWindows.O3EightHours)), Ppm(now[Ambient.O3])),
            Sub(Mean(MeanWindows.CoEightHours), c => UsAqi.Index(Pollutant.Co, c)),
            Sub(now[Ambient.No2], c => UsAqi.Index(Pollutant.No2, c)),
            UsAqi.SulphurDioxide(now[Ambient.So2], Mean(MeanWindows.So2Day)),
        ];
        AqiResult?[] thai =
        [
            Sub(Mean(MeanWindows.Pm2_5Day), c => ThaiAqi.SubIndex(Pollutant.Pm2_5, c)),
            Sub(Mean(MeanWindows.Pm10Day), c => ThaiAqi.SubIndex(Pollutant.Pm10, c)),
            Sub(Mean(MeanWindows.O3EightHours), c => ThaiAqi.SubIndex(Pollutant.O3, c)),
            Sub(Mean(MeanWindows.CoEightHours), c => ThaiAqi.SubIndex(Pollutant.Co, c)),
            Sub(now[Ambient.No2], c => ThaiAqi.SubIndex(Pollutant.No2, c)),
            Sub(now[Ambient.So2], c => ThaiAqi.SubIndex(Pollutant.So2, c)),
        ];

        return new StationIndex(
            hour,
            now,
            means,
            Back(MeanWindows.Pm2_5Day.Hours, Ambient.Pm2_5).Count(v => v is not null),
            [.. us.OfType<AqiResult>()],
            [.. thai.OfType<AqiResult>()]);
    }

    /// <summary>The US O3 tables are in ppm; the vocabulary's O3 is in ppb.</summary>
    private static double? Ppm(double? ppb) => ppb is { } v ? Concentrations.PartsPerBillionToPartsPerMillion(v) : null;

    private static AqiResult? Sub(double? concentration, Func<double, AqiResult> index) => concentration is { } c ? index(c) : null;

    /// <summary>The highest sub-index; on a tie the pollutant first in <see cref="Pollutant"/> order (PM2.5 first) is named.</summary>
    private static AqiResult? Highest(IReadOnlyList<AqiResult> subIndices) =>
        subIndices.OrderByDescending(s => s.Index).ThenBy(s => s.Pollutant).FirstOrDefault();
}
