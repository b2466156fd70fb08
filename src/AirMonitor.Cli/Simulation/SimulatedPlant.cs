using System.Runtime.CompilerServices;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Edge.Profiles;
using AirMonitor.Edge.Sampling;
using AirMonitor.Sensors;
using AirMonitor.Sensors.Ads1115;
using AirMonitor.Sensors.ModbusAnalyser;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// A plant station's edge device against simulated analysers: its profile's sensors, each made by its family's
/// <see cref="ISensorModel.CreateSimulated"/> (a Modbus analyser answers real RTU frames on a simulated line), read by the
/// edge's <see cref="SensorSampler"/>s, stamped by its <see cref="SampleStamper"/> and packed by its <see cref="ReadingPacker"/>.
/// The air they measure follows a <see cref="PlantDay"/>; the day up to now is the backlog (one reading per sensor each
/// <see cref="Step"/>), then one reading per sensor per live tick.
/// </summary>
public sealed class SimulatedPlant : IDeviceReadings, IDisposable
{
    /// <summary>Samples per backlog message: the edge's default <c>Edge:SamplesPerMessage</c>.</summary>
    public const int SamplesPerMessage = 20;

    private readonly List<(SensorSampler Sampler, ISensor Sensor, Action<DateTimeOffset>? Drive)> _sensors = [];
    private readonly SimulatedAir _air = new();
    private readonly ReplayClock _clock;
    private readonly SampleStamper _stamper;
    private readonly Random _random;
    private readonly bool _wet;
    private readonly AnalyserStatus _maintenance;
    private List<IReadOnlyList<Sample>>? _stored;

    private SimulatedPlant(DeviceProfile profile, PlantDay day, TimeSpan step, bool wet)
    {
        Profile = profile;
        Day = day;
        Step = step;
        _wet = wet;
        _clock = new ReplayClock(day.From);
        _stamper = new SampleStamper(new ClockGuard(_clock, () => true, DateTimeOffset.MinValue), maxHeld: 1000);
        _random = new Random(profile.DeviceId.Aggregate(17, (h, c) => unchecked((h * 31) + c)));
        var conditions = new DeviceConditions(_clock);
        foreach (var sensor in profile.Sensors)
        {
            var (created, drive) = Create(sensor);
            // The replay waits for nothing: the sub-readings of a past moment are taken at once.
            _sensors.Add((new SensorSampler(created, SamplerSettings.From(sensor) with { SubSampleSpacing = TimeSpan.Zero }, conditions, _clock), created, drive));
        }

        // Maintenance where the analysers can say so; a map without it (the GA700's status byte) reports its calibration.
        _maintenance = profile.Sensors.All(s => s.Analyser is null || Reports(s.Analyser.Map, AnalyserStatus.Maintenance))
            ? AnalyserStatus.Maintenance
            : AnalyserStatus.FunctionCheck;
    }

    public DeviceProfile Profile { get; }

    public PlantDay Day { get; }

    public TimeSpan Step { get; }

    /// <summary>The status the analysers report during <see cref="PlantDay.InMaintenance"/>.</summary>
    public AnalyserStatus MaintenanceStatus => _maintenance;

    /// <summary>
    /// The device's profile, read with the edge's loader and checked against the registry; the stack's <c>moisture</c> says
    /// whether its analysers see the wet gas.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has a sensor the registry does not declare for the device.</exception>
    public static SimulatedPlant Load(string profilePath, StationRegistry registry, PlantDay day, TimeSpan step)
    {
        var profile = DeviceProfileLoader.Load(profilePath, SensorModels.Names.ToHashSet(StringComparer.Ordinal), registry);
        var declared = registry.DeclarationOf(profile.DeviceId);
        if (profile.Sensors.FirstOrDefault(s => declared is not null && !declared.TryGetMetrics(s.Name, out _)) is { } undeclared)
        {
            throw new ArgumentException($"{profilePath}: sensor '{undeclared.Name}' is not declared for {profile.DeviceId} in the registry");
        }

        var stack = registry.FindStation(profile.StationId ?? "")?.Stacks.FirstOrDefault(s => s.Devices.Contains(profile.DeviceId));
        return new SimulatedPlant(profile, day, step, stack?.MeasuredWet == true);
    }

    /// <summary>The backlog read ahead (the outbox a real edge would hold), so that it is sent as fast as acks allow.</summary>
    public async Task StoreBacklogAsync(CancellationToken cancellationToken)
    {
        var stored = new List<IReadOnlyList<Sample>>();
        await foreach (var message in ReadBacklogAsync(cancellationToken))
        {
            stored.Add(message);
        }

        _stored = stored;
    }

    public IAsyncEnumerable<IReadOnlyList<Sample>> BacklogAsync(CancellationToken cancellationToken) =>
        _stored is { } stored ? stored.ToAsyncEnumerable() : ReadBacklogAsync(cancellationToken);

    private async IAsyncEnumerable<IReadOnlyList<Sample>> ReadBacklogAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var packer = new ReadingPacker(SamplesPerMessage);

        // Up to the moment the backlog is done, so the live readings follow it without a gap.
        for (var at = Day.From; at < DateTimeOffset.UtcNow; at += Step)
        {
            foreach (var message in packer.Add(await ReadAsync(at, cancellationToken)))
            {
                yield return message;
            }
        }

        if (packer.Flush() is { } rest)
        {
            yield return rest;
        }
    }

    public async ValueTask<IReadOnlyList<Sample>> NextAsync(long ts, CancellationToken cancellationToken) =>
        await ReadAsync(DateTimeOffset.FromUnixTimeMilliseconds(ts), cancellationToken);

    /// <summary>Every sensor's reading of the air at <paramref name="at"/>, stamped at <paramref name="at"/>; one call at a time, moments rising.</summary>
    public async Task<IReadOnlyList<Sample>> ReadAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        _clock.Now = at;
        SetAir(at);
        foreach (var (_, _, drive) in _sensors)
        {
            drive?.Invoke(at);
        }

        var stamped = new List<Sample>();
        foreach (var reading in await Task.WhenAll(_sensors.Select(s => s.Sampler.SampleOnceAsync(cancellationToken))))
        {
            if (reading is not null)
            {
                stamped.AddRange(_stamper.Add(reading));
            }
        }

        return stamped;
    }

    public void Dispose()
    {
        foreach (var (_, sensor, _) in _sensors)
        {
            sensor.Dispose();
        }
    }

    // An analyser shares the device's air; a 4–20 mA loop is its own instrument, whose current its quantity drives.
    private (ISensor Sensor, Action<DateTimeOffset>? Drive) Create(SensorProfile sensor)
    {
        var family = SensorModels.TryFind(sensor.Model, out var found) ? found : throw new ArgumentException($"no driver for model '{sensor.Model}'");
        var connection = sensor.ToConnection();
        if (sensor.Model != LoopCurrentSensor.ModelName)
        {
            return (family.CreateSimulated(connection, _air), null);
        }

        var loop = CurrentLoop.FromParameters(connection);
        var air = new SimulatedAir();
        return (family.CreateSimulated(connection, air), _ =>
            air.LoopCurrentMilliamps = 4 + (16 * (LoopQuantity(loop.Metric) - loop.RangeMin) / (loop.RangeMax - loop.RangeMin)));
    }

    private double LoopQuantity(string metric) => metric switch
    {
        MetricVocabulary.StackDust => _air.StackDustMilligramsPerCubicMeter,
        MetricVocabulary.FlueTemperature => _air.FlueTemperatureCelsius,
        MetricVocabulary.FluePressure => _air.FluePressureHectopascals,
        MetricVocabulary.Flow => _air.FlowNormalCubicMetersPerHour,
        _ => throw new ArgumentException($"the demo's plant has no simulated 4–20 mA loop for '{metric}'"),
    };

    private static bool Reports(AnalyserMap map, AnalyserStatus status) =>
        (map.Values.Count == 0 && map.Status.Count == 0)
        || map.Status.Concat(map.Values.Select(v => v.Status).OfType<AnalyserStatusSource>()).Any(source => source switch
        {
            StatusBit bit => bit.Status == status,
            StatusBitmap bitmap => bitmap.Bits.Values.Contains(status),
            StatusCode code => code.Codes.Values.Contains(status),
            StatusContact contact => contact.Status == status,
            _ => false,
        });

    // A waste incinerator's stack after its gas cleaning: dry-gas truth, brought to the wet gas where the analysers see it.
    private void SetAir(DateTimeOffset at)
    {
        var state = Day.StateAt(at);
        var run = state == PlantState.Off ? 0 : Day.StartUpProgress(at);
        var hours = at.ToUnixTimeMilliseconds() / 3_600_000.0;
        var load = 1 + (0.1 * Math.Sin(hours * 2 * Math.PI / 5)) + Noise(0.04);

        // Off: the fan draws air through a cold stack; the start-up ramps from there to operation in its hour. Every
        // value moves a little, as a real one does (the sampler flags one that repeats for 30 readings as stuck).
        var o2 = Mix(20.6 + Noise(0.1), 11 + (0.6 * Math.Sin(hours * 2 * Math.PI / 3)) + Noise(0.3), run);
        var nox = Day.InExceedance(at) ? 365 + Noise(12) : Mix(2 + Noise(0.5), (110 * load) + Noise(8), run);
        var h2o = _wet ? Mix(2.5 + Noise(0.2), 17.5 + (1.2 * Math.Sin(hours * 2 * Math.PI / 7)) + Noise(0.4), run) : 0;
        var wet = 1 - (h2o / 100);

        _air.PlantState = state;
        _air.AnalyserStatus = Day.InMaintenance(at) ? _maintenance : AnalyserStatus.Valid;
        _air.StackO2Percent = o2 * wet;
        _air.StackH2oPercent = h2o;
        _air.StackNoxPpm = nox * wet;
        _air.StackNoPpm = 0.95 * nox * wet;
        _air.StackNo2Ppm = 0.05 * nox * wet;
        _air.StackSo2Ppm = Positive(Mix(0.5, 12 * load, run) + Noise(2)) * wet;
        _air.StackCoPpm = Positive((state == PlantState.StartUp ? 60 : Mix(1, 11, run)) + Noise(3)) * wet;
        _air.StackCo2Percent = Positive(Mix(0.1, 9, run) + Noise(0.3)) * wet;
        _air.StackHclMilligramsPerCubicMeter = Positive(Mix(0.5, 25 * load, run) + Noise(4)) * wet;
        _air.StackNh3MilligramsPerCubicMeter = Positive(Mix(0.1, 2, run) + Noise(0.4)) * wet;
        _air.StackDustMilligramsPerCubicMeter = Positive(Mix(0.5, 2.5 * load, run) + Noise(0.4));
        _air.FlueTemperatureCelsius = Mix(45, 172, run) + Noise(3);
        _air.FluePressureHectopascals = 1006 + Noise(0.8);
        _air.FlowNormalCubicMetersPerHour = Mix(4_000, 42_000 * load, run) + Noise(600);
    }

    private static double Mix(double off, double operating, double run) => off + ((operating - off) * run);

    // Analysers read slightly below zero near zero; kept above it here so that a clean stack still reads a varying value.
    private double Positive(double value) => value > 0.05 ? value : 0.05 + Math.Abs(Noise(0.05));

    private double Noise(double scale) => (_random.NextDouble() * 2 - 1) * scale;
}
