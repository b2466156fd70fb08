using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Edge.Profiles;
using AirMonitor.Sensors;

namespace AirMonitor.Edge.Sampling;

/// <summary>How one sensor is sampled, from its device profile.</summary>
/// <param name="WarmUp">The profile's warm-up; null for the driver's, read once the sensor is open (a sensor on real hardware
/// is opened at the sampler's first start, and only then knows its datasheet's warm-up).</param>
/// <param name="Average">Sub-readings averaged into one reading, <see cref="SubSampleSpacing"/> apart.</param>
/// <param name="Calibration">By metric, applied to the averaged value before the range check.</param>
public sealed record SamplerSettings(
    string SensorName,
    TimeSpan Interval,
    TimeSpan? WarmUp,
    int Average = 1,
    IReadOnlyDictionary<string, CalibrationProfile>? Calibration = null)
{
    /// <summary>The settings a sensor's profile gives.</summary>
    public static SamplerSettings From(SensorProfile profile) =>
        new(profile.Name, profile.Interval, profile.WarmUp, profile.Average, profile.Calibration);

    public TimeSpan SubSampleSpacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A metric repeating the same non-zero value this many readings in a row is flagged <c>stuck</c>.</summary>
    public int StuckAfter { get; init; } = 30;

    /// <summary>Failing sensors are retried after interval × 2^failures, at most this long.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// What the samplers of one device share: the latest climate reading, for the <c>rh_high</c> flag on PM readings
/// and for sensors that compensate for humidity and temperature (the SGP40).
/// </summary>
public sealed class DeviceConditions(TimeProvider time)
{
    /// <summary>Above this relative humidity, optical PM sensors over-read (hygroscopic growth; standards.md).</summary>
    public const double HighHumidityPercent = 85;

    /// <summary>A climate reading older than this no longer describes the air: compensation falls back to none.</summary>
    public static readonly TimeSpan MaxClimateAge = TimeSpan.FromMinutes(5);

    private Climate? _climate;

    public double LatestHumidityPercent => Volatile.Read(ref _climate)?.HumidityPercent ?? double.NaN;

    /// <summary>Records a reading with relative humidity (and temperature, if the same sensor gave it).</summary>
    public void Report(double humidityPercent, double? temperatureCelsius) =>
        Volatile.Write(ref _climate, new Climate(humidityPercent, temperatureCelsius ?? _climate?.TemperatureCelsius, time.GetTimestamp()));

    /// <summary>The current humidity and temperature, or null when either is unknown or stale (see <see cref="MaxClimateAge"/>).</summary>
    public (double HumidityPercent, double TemperatureCelsius)? CurrentClimate() =>
        Volatile.Read(ref _climate) is { TemperatureCelsius: { } temperature } climate && time.GetElapsedTime(climate.At) <= MaxClimateAge
            ? (climate.HumidityPercent, temperature)
            : null;

    private sealed record Climate(double HumidityPercent, double? TemperatureCelsius, long At);
}

public enum SensorStatus
{
    Starting,
    WarmingUp,
    Ok,
    Failing,
}

/// <summary>A sensor's health as the device status reports it.</summary>
public sealed record SensorState(string Name, string Model, SensorStatus Status, string? LastError, IReadOnlyDictionary<string, long> Faults, long Readings);

/// <summary>
/// Samples one sensor on its own schedule: sub-readings averaged, calibration applied, quality flags set
/// (<c>warmup</c>, <c>crc_error</c>, <c>out_of_range</c>, <c>stuck</c>, <c>rh_high</c>, and the device's own status, e.g. a plant
/// analyser's <c>maintenance</c>, from any sub-reading). A failing sensor is
/// restarted with a growing backoff and reported; it never holds up the device's other samplers.
/// </summary>
public sealed class SensorSampler(ISensor sensor, SamplerSettings settings, DeviceConditions conditions, TimeProvider time)
{
    private static readonly HashSet<string> ParticleMetrics = [MetricVocabulary.Pm1_0, MetricVocabulary.Pm2_5, MetricVocabulary.Pm4_0, MetricVocabulary.Pm10];

    // A state code repeats for hours by nature: it is never stuck.
    private static readonly HashSet<string> StateMetrics = [MetricVocabulary.PlantState];
    private readonly Dictionary<string, (double Value, int Repeats)> _lastValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _faults = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _startedAt;
    private bool _started;

    // The profile's, else the driver's: asked after the sensor is opened, for one on real hardware opens at the first start.
    private TimeSpan WarmUp => settings.WarmUp ?? sensor.WarmUp;
    private int _consecutiveFailures;
    private string? _lastError;
    private long _readings;

    public SensorState State
    {
        get
        {
            lock (_lock)
            {
                var status = _consecutiveFailures > 0 ? SensorStatus.Failing
                    : !_started ? SensorStatus.Starting
                    : time.GetElapsedTime(_startedAt) < WarmUp ? SensorStatus.WarmingUp
                    : SensorStatus.Ok;
                return new SensorState(settings.SensorName, sensor.Model, status, _lastError, new Dictionary<string, long>(_faults), _readings);
            }
        }
    }

    /// <summary>Samples until cancelled, handing each reading to <paramref name="emit"/>.</summary>
    public async Task RunAsync(Func<UnstampedSample, ValueTask> emit, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = time.GetTimestamp();
            if (await SampleOnceAsync(cancellationToken) is { } reading)
            {
                await emit(reading);
            }

            var wait = NextDelay() - time.GetElapsedTime(next);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>One reading: <see cref="SamplerSettings.Average"/> sub-readings, or null when none was valid.</summary>
    public async Task<UnstampedSample?> SampleOnceAsync(CancellationToken cancellationToken)
    {
        if (!EnsureStarted())
        {
            return null;
        }

        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        var flags = new SortedSet<string>(StringComparer.Ordinal);
        var takenAt = time.GetTimestamp();
        for (var i = 0; i < settings.Average; i++)
        {
            if (i > 0)
            {
                await Task.Delay(settings.SubSampleSpacing, time, cancellationToken);
            }

            var reading = await Task.Run(ReadSafely, cancellationToken);
            if (!reading.IsValid)
            {
                CountFault(reading.Fault!.Value, reading.Detail);
                if (reading.Fault is SensorFault.CrcError or SensorFault.ChecksumError)
                {
                    flags.Add(QualityFlags.CrcError);
                }

                continue;
            }

            foreach (var (metric, value) in reading.Values)
            {
                var (sum, count) = sums.GetValueOrDefault(metric);
                sums[metric] = (sum + value, count + 1);
            }

            // A status on any sub-reading is on the average: part of it was not a measurement.
            flags.UnionWith(reading.StatusFlags);
        }

        if (sums.Count == 0)
        {
            lock (_lock)
            {
                _consecutiveFailures++;
                _started = false;
            }

            return null;
        }

        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (metric, (sum, count)) in sums)
        {
            var value = Calibrate(metric, sum / count);
            if (MetricVocabulary.TryGet(metric, out var known) && !known.InRange(value))
            {
                flags.Add(QualityFlags.OutOfRange);
                continue;
            }

            values[metric] = value;
            if (!StateMetrics.Contains(metric) && IsStuck(metric, value))
            {
                flags.Add(QualityFlags.Stuck);
            }
        }

        if (values.TryGetValue(MetricVocabulary.Humidity, out var humidity))
        {
            conditions.Report(humidity, values.TryGetValue(MetricVocabulary.Temperature, out var temperature) ? temperature : null);
        }

        if (values.Keys.Any(ParticleMetrics.Contains) && conditions.LatestHumidityPercent > DeviceConditions.HighHumidityPercent)
        {
            flags.Add(QualityFlags.HumidityHigh);
        }

        lock (_lock)
        {
            _consecutiveFailures = 0;
            _readings++;
            if (time.GetElapsedTime(_startedAt) < WarmUp)
            {
                flags.Add(QualityFlags.Warmup);
            }
        }

        return values.Count == 0 ? null : new UnstampedSample(takenAt, settings.SensorName, values, [.. flags]);
    }

    private bool EnsureStarted()
    {
        lock (_lock)
        {
            if (_started)
            {
                return true;
            }
        }

        try
        {
            sensor.Start();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
            CountFault(SensorFault.BusError, e.Message);
            lock (_lock)
            {
                _consecutiveFailures++;
            }

            return false;
        }

        lock (_lock)
        {
            _started = true;
            _startedAt = time.GetTimestamp();
        }

        return true;
    }

    private SensorReading ReadSafely()
    {
        try
        {
            return sensor.Read();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or UnauthorizedAccessException)
        {
            return SensorReading.Failed(SensorFault.BusError, e.Message);
        }
    }

    private double Calibrate(string metric, double value) =>
        settings.Calibration is not null && settings.Calibration.TryGetValue(metric, out var c) ? c.Apply(value) : value;

    private bool IsStuck(string metric, double value)
    {
        var repeats = _lastValues.TryGetValue(metric, out var last) && last.Value.Equals(value) ? last.Repeats + 1 : 1;
        _lastValues[metric] = (value, repeats);
        return value != 0 && repeats >= settings.StuckAfter;
    }

    private void CountFault(SensorFault fault, string? detail)
    {
        lock (_lock)
        {
            var code = FaultCode(fault);
            _faults[code] = _faults.GetValueOrDefault(code) + 1;
            _lastError = $"{code}: {detail}";
        }
    }

    private TimeSpan NextDelay()
    {
        lock (_lock)
        {
            if (_consecutiveFailures == 0)
            {
                return settings.Interval;
            }

            var backoff = settings.Interval * Math.Pow(2, Math.Min(_consecutiveFailures, 16));
            return backoff < settings.MaxBackoff ? backoff : settings.MaxBackoff;
        }
    }

    /// <summary>The snake_case code a fault is counted under in the device status.</summary>
    public static string FaultCode(SensorFault fault) => fault switch
    {
        SensorFault.CrcError => "crc_error",
        SensorFault.ChecksumError => "checksum_error",
        SensorFault.NoValue => "no_value",
        SensorFault.NotReady => "not_ready",
        SensorFault.Timeout => "timeout",
        SensorFault.BadFrame => "bad_frame",
        SensorFault.BusError => "bus_error",
        SensorFault.ExceptionResponse => "exception_response",
        SensorFault.LinkDown => "link_down",
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };
}
