using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;
using AirMonitor.Sensors.Pmsx003;

namespace AirMonitor.Cli.Simulation;

/// <summary>
/// Plausible readings for one simulated device: a PMS5003-like PM sensor with a diurnal cycle and noise,
/// a BME280-like climate sensor and a gas sensor; plant devices report a stack analyser instead. A device whose
/// station declares its sensors reports those instead, each with the declared metrics simulated here.
/// Seeded by the device id, so a device's series is the same in every run.
/// </summary>
public sealed class ReadingGenerator : IDeviceReadings
{
    private readonly Random _random;
    private readonly StationKind _kind;
    private readonly double _pmBase;
    private readonly double _utcOffsetHours;

    private readonly HazeEpisode? _haze;
    private readonly DeclaredSensors? _declared;

    public ReadingGenerator(string device, StationKind kind, string city, HazeEpisode? haze = null, DeclaredSensors? declared = null)
    {
        _haze = haze is not null && haze.Devices.Contains(device) ? haze : null;
        _declared = declared;
        _random = new Random(StableHash(device));
        _kind = kind;
        var tropical = city.Equals("bangkok", StringComparison.OrdinalIgnoreCase);
        _utcOffsetHours = tropical ? 7 : 9;
        // Bangkok's dry-season PM2.5 sits far above Yokohama's; roadside above ambient.
        _pmBase = (tropical ? 32 : 11) * (kind == StationKind.Roadside ? 1.4 : 1.0) * (0.8 + 0.4 * _random.NextDouble());
        Tropical = tropical;
    }

    public bool Tropical { get; }

    /// <summary>The samples of one message taken at <paramref name="ts"/> (epoch ms).</summary>
    public IReadOnlyList<Sample> Next(long ts)
    {
        IReadOnlyList<Sample> simulated = _kind == StationKind.Plant ? [Stack(ts)] : [Particulates(ts), Climate(ts), Gas(ts)];
        return _declared is null ? simulated : AsDeclared(ts, simulated);
    }

    public ValueTask<IReadOnlyList<Sample>> NextAsync(long ts, CancellationToken cancellationToken) => ValueTask.FromResult(Next(ts));

    // The ingest rejects any other sensor or metric of a declared device; a declared sensor with no metric simulated here is left out.
    private List<Sample> AsDeclared(long ts, IReadOnlyList<Sample> simulated)
    {
        var values = simulated.SelectMany(s => s.Values).ToDictionary(StringComparer.Ordinal);
        return
        [
            .. _declared!.Sensors
                .Select(sensor => new Sample(ts, sensor.Key, sensor.Value.Order(StringComparer.Ordinal).Where(values.ContainsKey).ToDictionary(m => m, m => values[m], StringComparer.Ordinal)))
                .Where(sample => sample.Values.Count > 0),
        ];
    }

    private Sample Particulates(long ts)
    {
        var pm25 = Math.Max(0, _pmBase * Diurnal(ts) * (1 + Noise(0.12)));
        if (_haze?.Pm2_5At(ts) is > 0 and var haze)
        {
            pm25 = Math.Max(pm25, haze * (1 + Noise(0.05)));
        }

        return new Sample(ts, "pms5003", new Dictionary<string, double>
        {
            [MetricVocabulary.Pm1_0] = Round(pm25 * 0.68),
            [MetricVocabulary.Pm2_5] = Round(pm25),
            [MetricVocabulary.Pm10] = Round(pm25 * 1.55),

            // CF=1 as the simulated PMS5003 gives it: equal to pm2_5 up to 30 µg/m³, 1.5 × pm2_5 − 15 above.
            [MetricVocabulary.Pm2_5Cf1] = Round(SimulatedPmsx003.StandardParticleMicrogramsPerCubicMeter(pm25)),
        });
    }

    private Sample Climate(long ts)
    {
        var hour = LocalHour(ts);
        var daily = Math.Sin((hour - 9) / 24 * 2 * Math.PI);
        var temperature = (Tropical ? 30 : 14) + (Tropical ? 4 : 5) * daily + Noise(0.3);
        var humidity = Math.Clamp((Tropical ? 68 : 60) - 12 * daily + Noise(2), 5, 100);
        return new Sample(ts, "bme280", new Dictionary<string, double>
        {
            [MetricVocabulary.Temperature] = Round(temperature),
            [MetricVocabulary.Humidity] = Round(humidity),
            [MetricVocabulary.Pressure] = Round(1010 + Noise(1.5)),
        });
    }

    /// <summary>
    /// The station's gas analysers (and Yokohama's SPM monitor): traffic gases follow the rush hours, ozone the afternoon
    /// sun. A Yokohama station measures photochemical oxidants (<c>ox</c>), NO and SPM as Japanese stations do; a
    /// Bangkok one ozone, as the PCD's do.
    /// </summary>
    private Sample Gas(long ts)
    {
        var traffic = Diurnal(ts) * (_kind == StationKind.Roadside ? 1.8 : 1.0);
        var sun = Math.Exp(-Math.Pow(LocalHour(ts) - 14, 2) / 8);
        var no2 = Math.Max(0, 18 * traffic * (1 + Noise(0.15)));
        var oxidant = Math.Max(0, ((Tropical ? 18 : 25) + ((Tropical ? 40 : 35) * sun)) * (1 + Noise(0.1)));
        var values = new Dictionary<string, double>
        {
            [MetricVocabulary.No2] = Round(no2),
            [MetricVocabulary.So2] = Round(Math.Max(0, (Tropical ? 4 : 2) * (1 + Noise(0.3)))),
            [MetricVocabulary.Co] = Math.Round(Math.Max(0, 0.35 * traffic * (1 + Noise(0.2))), 2),
        };
        if (Tropical)
        {
            values[MetricVocabulary.O3] = Round(oxidant);
        }
        else
        {
            var no = Math.Max(0, 9 * traffic * traffic * (1 + Noise(0.3)));
            values[MetricVocabulary.Ox] = Round(oxidant);
            values[MetricVocabulary.No] = Round(no);
            values[MetricVocabulary.Nox] = Round(no + no2);
            values[MetricVocabulary.Spm] = Round(Math.Max(0, _pmBase * 1.3 * Diurnal(ts) * (1 + Noise(0.15))));
        }

        return new Sample(ts, "analysers", values);
    }

    private Sample Stack(long ts)
    {
        var o2 = Math.Clamp(10.5 + Noise(0.8), 5, 20);
        return new Sample(ts, "stack-cems", new Dictionary<string, double>
        {
            [MetricVocabulary.O2] = Round(o2),
            [MetricVocabulary.StackNox] = Round(Math.Max(0, 95 + Noise(12))),
            [MetricVocabulary.StackSo2] = Round(Math.Max(0, 14 + Noise(3))),
            [MetricVocabulary.StackCo] = Round(Math.Max(0, 12 + Noise(4))),
            [MetricVocabulary.StackHcl] = Round(Math.Max(0, 35 + Noise(8))),
            [MetricVocabulary.StackDust] = Round(Math.Max(0, 3 + Noise(0.8))),
            [MetricVocabulary.FlueTemperature] = Round(175 + Noise(6)),
            [MetricVocabulary.Flow] = Math.Round(42_000 + Noise(1500)),
        });
    }

    // Morning and evening rush peaks over a night-time floor: 0.6 … 1.4.
    private double Diurnal(long ts)
    {
        var hour = LocalHour(ts);
        var rush = Math.Exp(-Math.Pow(hour - 8, 2) / 4) + 0.8 * Math.Exp(-Math.Pow(hour - 19, 2) / 5);
        return 0.6 + 0.8 * rush;
    }

    private double LocalHour(long ts) => ((ts / 3_600_000.0) + _utcOffsetHours) % 24;

    private double Noise(double scale) => (_random.NextDouble() * 2 - 1) * scale;

    private static double Round(double value) => Math.Round(value, 1);

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
