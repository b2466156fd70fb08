using AirMonitor.AirQuality.Indices;
using AirMonitor.Core.Contract;

namespace AirMonitor.AirQuality.Series;

/// <summary>One stored <c>air</c> sample as the derivation reads it back: its <see cref="Ambient"/> metrics.</summary>
public sealed record RawReading(long Ts, string Device, string Sensor, AmbientValues Values, string? Flags)
{
    /// <summary>
    /// A reading counts unless the edge flagged it: warming up, a CRC error, out of range, stuck, or any flag this
    /// ingest does not know. Only <c>rh_high</c> is a note about the air, not about the reading.
    /// </summary>
    public bool IsValid => string.IsNullOrEmpty(Flags) || Flags.Split(',').All(f => f == QualityFlags.HumidityHigh);

    public bool IsFlaggedFaulty => !IsValid && Flags!.Split(',').Any(f => f is QualityFlags.CrcError or QualityFlags.OutOfRange or QualityFlags.Stuck);
}

/// <summary>One sensor's hour (measurement <c>air_hourly</c>): means of its valid readings and how much of the hour they cover.</summary>
/// <param name="Capture">The share of the hour the valid readings cover: their count times the sensor's usual interval (the median gap), at most 1.</param>
/// <param name="Stuck">A PM sensor repeating one value through the hour: the air never does that.</param>
public sealed record SensorHour(
    string Device,
    string Sensor,
    long HourStartMs,
    int Samples,
    int Flagged,
    int FlaggedFaulty,
    double Capture,
    AmbientValues Means,
    bool Stuck)
{
    public bool MeasuresPm => Means[Ambient.Pm2_5] is not null || Means[Ambient.Pm10] is not null;

    public bool IsValid => Capture >= HourlyMeans.MinCapture;
}

/// <summary>
/// A station's hour: the mean of each metric over its valid sensors. PM2.5 is what the indices and alerts use: the raw
/// value, or for a device the registry marks <c>pm_correction: us-epa-plantower</c> the US EPA-corrected one; the raw
/// mean stays beside it.
/// </summary>
/// <param name="Capture">The best PM sensor's capture (0 without one).</param>
/// <param name="Values">Each metric's station mean; <see cref="Ambient.Pm2_5"/> corrected where the device calls for it.</param>
/// <param name="Pm2_5Raw">The valid PM sensors' raw PM2.5 mean.</param>
/// <param name="Pm2_5Corrected">The EPA correction of every sensor with a CF=1 channel, whether the registry asks for it or not (for comparison).</param>
/// <param name="PmSensors">Valid PM sensors.</param>
/// <param name="CorrectedPmSensors">Of those, the ones whose PM2.5 was corrected.</param>
public sealed record StationHour(
    long HourStartMs,
    double Capture,
    AmbientValues Values,
    double? Pm2_5Raw,
    double? Pm2_5Corrected,
    int PmSensors,
    int CorrectedPmSensors)
{
    public double? this[Ambient metric] => Values[metric];
}

/// <summary>Hourly means from stored readings: a pure function of what is stored, so late data gives the same hours as live data.</summary>
public static class HourlyMeans
{
    public const long HourMs = 3_600_000;

    /// <summary>An hourly value needs readings covering 75 % of the hour (45 minutes), as US EPA and Japanese practice have it.</summary>
    public const double MinCapture = 0.75;

    /// <summary>A PM sensor is stuck when at least this many valid readings in one hour all carry the same PM2.5.</summary>
    public const int StuckMinReadings = 30;

    /// <summary>
    /// The longest usual interval a reading may stand for: two readings 59 minutes apart are a sensor that dropped out,
    /// not one that samples hourly. A sensor sampling less often than every 5 minutes never makes a valid hour.
    /// </summary>
    public const long MaxIntervalMs = 5 * 60_000;

    public static long HourOf(long ts) => ts - (((ts % HourMs) + HourMs) % HourMs);

    /// <summary>Every sensor's hour among <paramref name="readings"/> (one device's sensor at a time, any hours).</summary>
    public static IEnumerable<SensorHour> Sensors(IEnumerable<RawReading> readings) =>
        readings
            .GroupBy(r => (r.Device, r.Sensor, Hour: HourOf(r.Ts)))
            .Select(g => Sensor(g.Key.Device, g.Key.Sensor, g.Key.Hour, g.OrderBy(r => r.Ts).ToList()));

    private static SensorHour Sensor(string device, string sensor, long hour, List<RawReading> readings)
    {
        var valid = readings.Where(r => r.IsValid).ToList();
        var pm25 = valid.Where(r => r.Values[Ambient.Pm2_5] is not null).Select(r => r.Values[Ambient.Pm2_5]!.Value).ToList();
        return new SensorHour(
            device,
            sensor,
            hour,
            valid.Count,
            readings.Count - valid.Count,
            readings.Count(r => r.IsFlaggedFaulty),
            Capture(readings, valid.Count),
            AmbientValues.From(m => MeanOf(valid.Select(r => r.Values[m]))),
            pm25.Count >= StuckMinReadings && pm25.All(v => v == pm25[0]));
    }

    /// <summary>
    /// The station's hour from its sensors' hours (all of one hour). A PM sensor of a device in
    /// <paramref name="correctedDevices"/> gives the US EPA correction of its PM2.5 (the Plantower's atmospheric value,
    /// CF=ATM, the correction's input) with its device's humidity, the station's when the device has none, and no PM2.5
    /// without humidity: a low-cost sensor's raw value never stands in for a corrected one.
    /// </summary>
    public static StationHour Station(long hour, IReadOnlyCollection<SensorHour> sensors, IReadOnlySet<string>? correctedDevices = null)
    {
        var valid = sensors.Where(s => s.IsValid).ToList();
        var pm = valid.Where(s => s.MeasuresPm).ToList();
        var humidity = MeanOf(valid.Select(s => s.Means[Ambient.Humidity]));
        double? Corrected(SensorHour s) =>
            s.Means[Ambient.Pm2_5] is { } atm && (MeanOf(valid.Where(v => v.Device == s.Device).Select(v => v.Means[Ambient.Humidity])) ?? humidity) is { } rh
                ? PlantowerCorrection.Correct(atm, Math.Clamp(rh, 0, 100))
                : null;

        var corrected = pm.Where(s => correctedDevices?.Contains(s.Device) == true).ToList();
        var values = AmbientValues.From(m => MeanOf(valid.Select(s => s.Means[m])))
            .With(Ambient.Pm2_5, MeanOf(pm.Select(s => corrected.Contains(s) ? Corrected(s) : s.Means[Ambient.Pm2_5])))
            .With(Ambient.Humidity, humidity);
        return new StationHour(
            hour,
            sensors.Where(s => s.MeasuresPm).Select(s => s.Capture).DefaultIfEmpty(0).Max(),
            values,
            MeanOf(pm.Select(s => s.Means[Ambient.Pm2_5])),
            MeanOf(pm.Where(s => s.Means[Ambient.Pm2_5Cf1] is not null).Select(Corrected)),
            pm.Count,
            corrected.Count);
    }

    /// <summary>
    /// The valid readings' count times the usual gap between this sensor's readings (at most
    /// <see cref="MaxIntervalMs"/>), as a share of the hour.
    /// </summary>
    private static double Capture(List<RawReading> readings, int validCount)
    {
        var gaps = readings.Zip(readings.Skip(1), (a, b) => b.Ts - a.Ts).Where(g => g > 0).Order().ToList();
        return gaps.Count == 0 ? 0 : Math.Min(1.0, validCount * (double)Math.Min(gaps[gaps.Count / 2], MaxIntervalMs) / HourMs);
    }

    private static double? MeanOf(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
