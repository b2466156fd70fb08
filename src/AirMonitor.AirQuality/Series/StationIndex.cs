using AirMonitor.AirQuality.Indices;

namespace AirMonitor.AirQuality.Series;

/// <summary>
/// A station's indices at one hour (measurement <c>air_index</c>), from its hourly values up to and including that
/// hour: the running 24-hour means, the NowCast, the US AQI of the NowCast (as AirNow reports each hour) and the Thai
/// AQI of the 24-hour means (as the PCD reports each hour).
/// </summary>
public sealed record StationIndex(
    long HourStartMs,
    StationHour Hour,
    double? Pm2_5Running24h,
    int Pm2_5HoursOf24,
    double? Pm10Running24h,
    double? NowCastPm2_5,
    double? NowCastPm10,
    AqiResult? AqiUs,
    AqiResult? AqiTh)
{
    /// <summary>The 24 hours of a running mean must hold 18 valid hourly values: the EPA's daily completeness rule, used for the Thai running means too.</summary>
    public const int RunningHours = 24;

    public static StationIndex Compute(long hour, IReadOnlyDictionary<long, StationHour> hours)
    {
        double? At(long h, Func<StationHour, double?> metric) => hours.TryGetValue(h, out var value) ? metric(value) : null;
        List<double?> Back(int count, Func<StationHour, double?> metric) =>
            Enumerable.Range(0, count).Select(i => At(hour - (i * HourlyMeans.HourMs), metric)).ToList();

        var pm25Day = Back(RunningHours, h => h.Pm2_5);
        var pm10Day = Back(RunningHours, h => h.Pm10);
        var running25 = DailyMean.Compute(pm25Day);
        var running10 = DailyMean.Compute(pm10Day);
        var nowCast25 = NowCast.Compute(Back(NowCast.Hours, h => h.Pm2_5));
        var nowCast10 = NowCast.Compute(Back(NowCast.Hours, h => h.Pm10));

        return new StationIndex(
            hour,
            hours[hour],
            running25,
            pm25Day.Count(v => v is not null),
            running10,
            nowCast25,
            nowCast10,
            Highest(Us(Pollutant.Pm2_5, nowCast25), Us(Pollutant.Pm10, nowCast10)),
            ThaiAqi.Overall(new Dictionary<Pollutant, double?> { [Pollutant.Pm2_5] = running25, [Pollutant.Pm10] = running10 }));
    }

    private static AqiResult? Us(Pollutant pollutant, double? concentration) => concentration is { } c ? UsAqi.Index(pollutant, c) : null;

    private static AqiResult? Highest(AqiResult? a, AqiResult? b) => a is null ? b : b is null || a.Index >= b.Index ? a : b;
}
