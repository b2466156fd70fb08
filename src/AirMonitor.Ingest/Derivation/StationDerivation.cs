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
    /// <param name="correctedPmDevices">The station's devices whose PM2.5 is taken EPA-corrected (<see cref="Core.Stations.Station.CorrectedPmDevices"/>).</param>
    public static (IReadOnlyList<InfluxPoint> Points, StationSeries Series) Derive(
        StationWork work,
        IReadOnlyList<long> hours,
        IReadOnlyList<RawReading> readings,
        IReadOnlyDictionary<long, StationHour> stored,
        long completeThrough,
        IReadOnlySet<string> correctedPmDevices)
    {
        var dirty = hours.ToHashSet();
        var sensorHours = HourlyMeans.Sensors(readings).Where(s => dirty.Contains(s.HourStartMs)).ToList();
        var stationHours = new Dictionary<long, StationHour>(stored);
        foreach (var group in sensorHours.GroupBy(s => s.HourStartMs))
        {
            stationHours[group.Key] = HourlyMeans.Station(group.Key, group.ToList(), correctedPmDevices);
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
        return (points, new StationSeries(work.Station, work.Tags, indices, readings, sensorHours, completeThrough, correctedPmDevices));
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
        AddAll(fields, hour.Means);
        return new InfluxPoint(HourlyMeasurement, [.. work.Tags, new("device", hour.Device), new("sensor", hour.Sensor)], fields, hour.HourStartMs);
    }

    private static InfluxPoint IndexPoint(StationWork work, StationIndex index)
    {
        var hour = index.Hour;
        var fields = new List<KeyValuePair<string, FieldValue>>
        {
            new("capture", hour.Capture),
            new(PmSensorsField, (long)hour.PmSensors),
            new(CorrectedPmSensorsField, (long)hour.CorrectedPmSensors),
            new("pm2_5_24h_hours", (long)index.Pm2_5HoursOf24),
        };
        AddAll(fields, hour.Values);
        Add(fields, Pm2_5RawField, hour.Pm2_5Raw);
        Add(fields, Pm2_5CorrectedField, hour.Pm2_5Corrected);
        if (hour[Ambient.Humidity] is { } rh)
        {
            fields.Add(new("high_humidity", PlantowerCorrection.IsHighHumidity(rh)));
        }

        foreach (var window in MeanWindows.All)
        {
            Add(fields, window.Field, index.Mean(window));
        }

        AddAqi(fields, "aqi_us", index.AqiUs, index.UsSubIndices);
        AddAqi(fields, "aqi_th", index.AqiTh, index.ThaiSubIndices);
        return new InfluxPoint(IndexMeasurement, work.Tags, fields, index.HourStartMs);
    }

    public const string PmSensorsField = "pm_sensors";
    public const string CorrectedPmSensorsField = "corrected_pm_sensors";
    public const string Pm2_5RawField = "pm2_5_raw";
    public const string Pm2_5CorrectedField = "pm2_5_corrected";

    private static void AddAll(List<KeyValuePair<string, FieldValue>> fields, AmbientValues values)
    {
        foreach (var (metric, value) in values.Present)
        {
            Add(fields, metric.Name(), value);
        }
    }

    private static void Add(List<KeyValuePair<string, FieldValue>> fields, string name, double? value)
    {
        if (value is { } v)
        {
            fields.Add(new(name, Math.Round(v, 3)));
        }
    }

    /// <summary>The index, its category and the pollutant responsible; then each pollutant's sub-index (<c>aqi_th_o3</c>).</summary>
    private static void AddAqi(List<KeyValuePair<string, FieldValue>> fields, string name, AqiResult? aqi, IReadOnlyList<AqiResult> subIndices)
    {
        if (aqi is not null)
        {
            fields.Add(new(name, (long)aqi.Index));
            fields.Add(new($"{name}_category", aqi.Category.Key));
            fields.Add(new($"{name}_pollutant", AmbientMetrics.Of(aqi.Pollutant).Name()));
        }

        foreach (var sub in subIndices)
        {
            fields.Add(new($"{name}_{AmbientMetrics.Of(sub.Pollutant).Name()}", (long)sub.Index));
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
