using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;

namespace AirMonitor.AirQuality.Alerts;

/// <summary>A value of a rule's window at a data time; null when the window has too little data there.</summary>
public readonly record struct WindowPoint(DateTimeOffset At, double? Value);

/// <summary>
/// The points a rule judges in a station's series, in data-time order: each reading for <c>latest</c>, each closed
/// hour's end for the hour windows, and the day windows at their local test times. Readings after the station's
/// complete-through time, and hours from the one it falls in, are left for a later round, when they are whole.
/// </summary>
public static class WindowPoints
{
    private const long HourMs = HourlyMeans.HourMs;

    public static IEnumerable<WindowPoint> For(AlertRule rule, StationSeries series)
    {
        var window = rule.ParsedWindow;
        if (window == AlertWindow.Latest)
        {
            return Readings(Metric(rule.Metric), series);
        }

        var closed = series.Indices.Where(i => i.HourStartMs < series.OpenHourStartMs).ToList();
        return window.IsDayWindow() ? DayPoints(rule, window, series.Indices, closed) : closed.Select(i => HourPoint(rule.Metric, window, i));
    }

    /// <summary>
    /// Each valid reading's value. PM2.5 of a device the registry marks for correction is the EPA correction of it
    /// with the humidity the same device read last, at most <see cref="HumidityMaxAgeMs"/> before; without one the
    /// reading gives no point.
    /// </summary>
    private static IEnumerable<WindowPoint> Readings(Ambient metric, StationSeries series)
    {
        var humidity = new Dictionary<string, (long Ts, double Value)>(StringComparer.Ordinal);
        foreach (var r in series.Readings.Where(r => r.IsValid && r.Ts <= series.CompleteThroughMs))
        {
            if (r.Values[Ambient.Humidity] is { } rh)
            {
                humidity[r.Device] = (r.Ts, rh);
            }

            var value = metric == Ambient.Pm2_5 && series.CorrectedPmDevices.Contains(r.Device)
                ? r.Values[Ambient.Pm2_5] is { } atm && humidity.TryGetValue(r.Device, out var h) && r.Ts - h.Ts <= HumidityMaxAgeMs
                    ? PlantowerCorrection.Correct(atm, Math.Clamp(h.Value, 0, 100))
                    : (double?)null
                : r.Values[metric];
            if (value is not null)
            {
                yield return new WindowPoint(DateTimeOffset.FromUnixTimeMilliseconds(r.Ts), value);
            }
        }
    }

    /// <summary>How old a device's humidity may be to correct its PM2.5 reading: the longest usual interval of an hour's readings.</summary>
    public const long HumidityMaxAgeMs = HourlyMeans.MaxIntervalMs;

    private static WindowPoint HourPoint(string metric, AlertWindow window, StationIndex index)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(index.HourStartMs + HourMs);
        return new WindowPoint(at, (metric, window) switch
        {
            (AlertMetrics.AqiUs, _) => index.AqiUs?.Index,
            (AlertMetrics.AqiTh, _) => index.AqiTh?.Index,
            (_, AlertWindow.Hour) => index.Hour[Metric(metric)],
            _ => AlertMetrics.MeanOf(Metric(metric), window) is { } mean
                ? index.Mean(mean)
                : throw new ArgumentOutOfRangeException(nameof(window), window, $"{metric} has no {window.ConfigName()} window"),
        });
    }

    /// <summary>
    /// Day windows, in the rule's time zone: the daily mean at local midnight (valid with the rule's <see cref="AlertRule.DailyMinHours"/>); the Japanese tests at 07:00 and 12:00,
    /// each standing until the day ends (a point of 0 at midnight ends it). A point is given only when every hour it
    /// needs lies within the series, so a partial day is never judged as whole.
    /// </summary>
    private static IEnumerable<WindowPoint> DayPoints(AlertRule rule, AlertWindow window, IReadOnlyList<StationIndex> all, List<StationIndex> closed)
    {
        var zone = rule.Zone;
        var byHour = all.ToDictionary(i => i.HourStartMs);
        var first = all.Count == 0 ? long.MaxValue : all[0].HourStartMs;
        foreach (var index in closed)
        {
            var end = DateTimeOffset.FromUnixTimeMilliseconds(index.HourStartMs + HourMs);
            var local = TimeZoneInfo.ConvertTime(end, zone);
            if (local.Minute != 0)
            {
                continue;
            }

            // Japanese hourly values are labelled by the hour they end: label n is the hour ending at n:00 local.
            double? Labelled(int label) => byHour.TryGetValue(end.ToUnixTimeMilliseconds() - ((local.Hour - label) * HourMs) - HourMs, out var i)
                ? i.Hour[Metric(rule.Metric)]
                : null;

            switch (window)
            {
                case AlertWindow.Daily when local.Hour == 0 && index.HourStartMs - (23 * HourMs) >= first:
                    var day = Enumerable.Range(0, 24).Select(back => byHour.TryGetValue(index.HourStartMs - (back * HourMs), out var i) ? i : null).ToList();
                    yield return new WindowPoint(end, DailyValue(rule.Metric, day, rule.DailyMinHours));
                    break;
                case AlertWindow.MorningTest when local.Hour == JapanPm25.MorningTestHours[^1] && index.HourStartMs - (2 * HourMs) >= first:
                    yield return new WindowPoint(end, JapanPm25.MorningTestMean(Labelled));
                    break;
                case AlertWindow.AfternoonTest when local.Hour == JapanPm25.AfternoonTestHours[^1] && index.HourStartMs - (7 * HourMs) >= first:
                    yield return new WindowPoint(end, JapanPm25.AfternoonTestMean(Labelled));
                    break;
                case AlertWindow.MorningTest or AlertWindow.AfternoonTest when local.Hour == 0:
                    yield return new WindowPoint(end, 0);
                    break;
            }
        }
    }

    private static double? DailyValue(string metric, List<StationIndex?> day, int minHours)
    {
        double? Daily(Ambient m) => DailyMean.Compute(day.Select(i => i?.Hour[m]).ToList(), minHours);
        return metric == AlertMetrics.AqiUs
            ? new[] { Daily(Ambient.Pm2_5) is { } a ? UsAqi.Index(Pollutant.Pm2_5, a).Index : (int?)null, Daily(Ambient.Pm10) is { } b ? UsAqi.Index(Pollutant.Pm10, b).Index : null }.Max()
            : Daily(Metric(metric));
    }

    private static Ambient Metric(string name) =>
        AmbientMetrics.TryParse(name, out var metric) ? metric : throw new ArgumentOutOfRangeException(nameof(name), name, "not a concentration");
}
