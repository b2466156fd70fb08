using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Metrics;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// One station's round of derivation, without I/O: from the raw readings of the changed hours and the station hours
/// stored around them, the points to write (<c>air_hourly</c>, <c>air_index</c>) and the series the alert engine judges.
/// </summary>
public static class StationDerivation
{
    public const string HourlyMeasurement = "air_hourly";
    public const string IndexMeasurement = "air_index";

    private const long Day = 24 * HourlyMeans.HourMs;

    /// <summary>Stored station hours read before the first changed hour: a day for the running windows of a day of indices.</summary>
    public const long ContextBefore = 2 * Day;

    /// <summary>…and after the last: the hours whose running windows the changed hours fall in.</summary>
    public const long ContextAfter = Day;

    /// <param name="hours">The changed hours (starts, ascending).</param>
    /// <param name="readings">The raw readings of <paramref name="hours"/>' span.</param>
    /// <param name="stored">Station hours stored earlier in [first − <see cref="ContextBefore"/>, last + <see cref="ContextAfter"/>).</param>
    /// <param name="completeThrough">The time up to which the station's readings are complete (<see cref="DerivationBacklog.CompleteThrough"/>).</param>
    public static (IReadOnlyList<InfluxPoint> Points, StationSeries Series) Derive(
        StationWork work, IReadOnlyList<long> hours, IReadOnlyList<RawReading> readings, IReadOnlyDictionary<long, StationHour> stored, long completeThrough)
    {
        var dirty = hours.ToHashSet();
        var sensorHours = HourlyMeans.Sensors(readings).Where(s => dirty.Contains(s.HourStartMs)).ToList();
        var stationHours = new Dictionary<long, StationHour>(stored);
        foreach (var group in sensorHours.GroupBy(s => s.HourStartMs))
        {
            stationHours[group.Key] = HourlyMeans.Station(group.Key, group.ToList());
        }

        // Indices from a day before the changed hours, so that day windows see whole days; written from the first changed hour.
        var indices = stationHours.Keys
            .Where(h => h >= hours[0] - Day)
            .Order()
            .Select(h => StationIndex.Compute(h, stationHours))
            .ToList();
        var points = sensorHours.Select(s => HourlyPoint(work, s))
            .Concat(indices.Where(i => i.HourStartMs >= hours[0]).Select(i => IndexPoint(work, i)))
            .ToList();
        return (points, new StationSeries(work.Station, work.Tags, indices, readings, sensorHours, completeThrough));
    }

    private static InfluxPoint HourlyPoint(StationWork work, SensorHour hour)
    {
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("samples", (long)hour.Samples),
            new("flagged", (long)hour.Flagged),
            new("capture", hour.Capture),
            new("stuck", hour.Stuck),
        };
        Add(fields, MetricVocabulary.Pm2_5, hour.Pm2_5);
        Add(fields, MetricVocabulary.Pm2_5Cf1, hour.Pm2_5Cf1);
        Add(fields, MetricVocabulary.Pm10, hour.Pm10);
        Add(fields, MetricVocabulary.Humidity, hour.Humidity);
        return new InfluxPoint(HourlyMeasurement, [.. work.Tags, new("device", hour.Device), new("sensor", hour.Sensor)], fields, hour.HourStartMs);
    }

    private static InfluxPoint IndexPoint(StationWork work, StationIndex index)
    {
        var hour = index.Hour;
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("capture", hour.Capture),
            new("pm_sensors", (long)hour.PmSensors),
            new("pm2_5_24h_hours", (long)index.Pm2_5HoursOf24),
        };
        Add(fields, MetricVocabulary.Pm2_5, hour.Pm2_5);
        Add(fields, MetricVocabulary.Pm10, hour.Pm10);
        Add(fields, "pm2_5_corrected", hour.Pm2_5Corrected);
        Add(fields, MetricVocabulary.Humidity, hour.Humidity);
        if (hour.Humidity is { } rh)
        {
            fields.Add(new("high_humidity", PlantowerCorrection.IsHighHumidity(rh)));
        }

        Add(fields, "pm2_5_24h", index.Pm2_5Running24h);
        Add(fields, "pm10_24h", index.Pm10Running24h);
        Add(fields, "nowcast_pm2_5", index.NowCastPm2_5);
        Add(fields, "nowcast_pm10", index.NowCastPm10);
        AddAqi(fields, "aqi_us", index.AqiUs);
        AddAqi(fields, "aqi_th", index.AqiTh);
        return new InfluxPoint(IndexMeasurement, work.Tags, fields, index.HourStartMs);
    }

    private static void Add(List<KeyValuePair<string, FieldValue>> fields, string name, double? value)
    {
        if (value is { } v)
        {
            fields.Add(new(name, Math.Round(v, 3)));
        }
    }

    private static void AddAqi(List<KeyValuePair<string, FieldValue>> fields, string name, AqiResult? aqi)
    {
        if (aqi is not null)
        {
            fields.Add(new(name, (long)aqi.Index));
            fields.Add(new($"{name}_category", aqi.Category.Key));
            fields.Add(new($"{name}_pollutant", aqi.Pollutant == Pollutant.Pm2_5 ? MetricVocabulary.Pm2_5 : MetricVocabulary.Pm10));
        }
    }
}

/// <summary>
/// Told of each station's series after a derivation round has written its points (the alert engine judges them). A
/// subscriber that cannot keep what it made of the series now (its store's disk full) throws a <c>DbException</c> or
/// <c>IOException</c>, having logged it and kept nothing: the station's hours are derived and handed over again next
/// round. A new consumer of derived series is one class registered with <c>AddSingleton&lt;IDerivedSeries&gt;</c>; the
/// derivation knows none of them.
/// </summary>
internal interface IDerivedSeries
{
    Task DerivedAsync(StationSeries series, CancellationToken cancellationToken);
}
