using System.Diagnostics.Metrics;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AirMonitor.Ingest.Tests.Alerts;

/// <summary>
/// Drives the derivation and the alert engine as the <see cref="DerivedSeriesWriter"/> does, on a fake clock, with the
/// stored readings and station hours kept in memory instead of InfluxDB (the round trip through InfluxDB is the end-to-end
/// tests' part). Events are read from the alert store's outbox, as a sink would take them.
/// </summary>
internal sealed class StationReplay : IDisposable
{
    public const string Sink = "test";

    public static readonly StationRegistry Registry = StationRegistry.Parse("""
        stations:
          - {id: bkk-dindaeng, name: Din Daeng, kind: roadside, city: bangkok, district: Din Daeng, latitude: 13.76, longitude: 100.55, devices: [bkk-dindaeng-01, bkk-dindaeng-02]}
          - {id: yok-naka, name: Naka, kind: ambient, city: yokohama, district: Naka, latitude: 35.44, longitude: 139.64, devices: [yok-naka-01], ox_region: yokohama}
          - {id: yok-nishi, name: Nishi, kind: ambient, city: yokohama, district: Nishi, latitude: 35.45, longitude: 139.62, devices: [yok-nishi-01], ox_region: yokohama}
          - {id: yok-isogo, name: Isogo, kind: ambient, city: yokohama, district: Isogo, latitude: 35.40, longitude: 139.62, devices: [yok-isogo-01], ox_region: yokohama}
        """, "test registry");

    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly AlertOptions _options;
    private readonly List<RawReading> _readings = [];
    private readonly Dictionary<string, Dictionary<long, StationHour>> _stationHours = [];
    private AlertStore _store;
    private DerivationBacklog _backlog;

    public StationReplay(AlertOptions options, DateTimeOffset start, string? directory = null)
    {
        _options = options;
        _ownsDirectory = directory is null;
        _directory = directory ?? System.IO.Directory.CreateTempSubdirectory("airmon-alerts-").FullName;
        Start = start;
        Clock = new FakeTimeProvider(start);
        _store = new AlertStore(Path.Combine(_directory, "alerts.db"));
        _backlog = NewBacklog();
        Engine = NewEngine();
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>Where the replay's clock started: minute 0 of the series a test plays.</summary>
    public DateTimeOffset Start { get; }

    public AlertEngine Engine { get; private set; }

    public string Directory => _directory;

    public AlertStore AlertStore => _store;

    public static AlertOptions Options(params AlertRule[] rules) => new() { RuleSets = [], Rules = [.. rules] };

    /// <summary>Stores one reading (as the ack stage hands stored points on).</summary>
    /// <param name="seq">The message's seq, when a test plays the order messages arrive in; settled by then.</param>
    public void Store(string station, RawReading reading, long? seq = null)
    {
        if (seq is { } s)
        {
            _settled.GetValueOrDefault(reading.Device)?.Add(s);
            if (!_settled.ContainsKey(reading.Device))
            {
                _settled[reading.Device] = [s];
            }
        }

        _readings.Add(reading);
        _backlog.Settled(reading.Device, seq, new ReadingSpan(station, [new("station", station)], reading.Ts, reading.Ts));
        _stationOf[reading] = station;
    }

    private readonly Dictionary<RawReading, string> _stationOf = new(ReferenceEqualityComparer.Instance);

    /// <summary>One derivation round, repeated until no station has changed hours left (as rounds on a timer would).</summary>
    public void Derive()
    {
        while (_backlog.Take(DerivedSeriesWriter.MaxHoursPerRound) is { Count: > 0 } works)
        {
            foreach (var work in works)
            {
                var hours = work.Hours.ToList();
                var from = hours[0];
                var to = hours[^1] + HourlyMeans.HourMs;
                var readings = _readings.Where(r => _stationOf[r] == work.Station && r.Ts >= from && r.Ts < to).OrderBy(r => r.Ts).ToList();
                var known = _stationHours.TryGetValue(work.Station, out var h) ? h : _stationHours[work.Station] = [];
                var stored = known.Where(k => k.Key >= from - StationDerivation.ContextBefore && k.Key < to + StationDerivation.ContextAfter)
                    .ToDictionary(k => k.Key, k => k.Value);
                var (points, series) = StationDerivation.Derive(work, hours, readings, stored, _backlog.CompleteThrough(work.Station) ?? long.MinValue, new HashSet<string>());
                foreach (var point in points)
                {
                    Written[Key(point)] = string.Join(',', point.Fields.Select(f => $"{f.Key}={f.Value}"));
                }

                foreach (var index in series.Indices.Where(i => i.HourStartMs >= from))
                {
                    known[index.HourStartMs] = index.Hour;
                }

                Engine.EvaluateAsync(series, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Every derived point as last written (a rewrite of a point replaces it, as in InfluxDB): identity → fields.</summary>
    public SortedDictionary<string, string> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>The events raised since the last call, oldest first.</summary>
    public List<AlertEvent> TakeEvents()
    {
        var pending = _store.Pending(Sink, int.MaxValue);
        foreach (var (seq, _) in pending)
        {
            _store.Delivered(Sink, seq);
        }

        return [.. pending.Select(p => p.Event)];
    }

    /// <summary>A crash and restart of the ingest: the alert store is reopened from its file, everything in memory is gone.</summary>
    public void Restart()
    {
        Engine.Dispose();
        _store.Dispose();
        _store = new AlertStore(Path.Combine(_directory, "alerts.db"));
        _backlog = NewBacklog();
        Engine = NewEngine();
    }

    public void Dispose()
    {
        Engine.Dispose();
        _store.Dispose();
        _services.Dispose();
        if (_ownsDirectory)
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
    }

    private static string Key(InfluxPoint point) =>
        $"{point.Measurement},{string.Join(',', point.Tags.Select(t => $"{t.Key}={t.Value}"))} {point.TimestampMs}";

    /// <summary>Each device's settled seqs, as the seq ledger would hold them.</summary>
    private readonly Dictionary<string, SortedSet<long>> _settled = new(StringComparer.Ordinal);

    private long? ContiguousThrough(string device)
    {
        if (!_settled.TryGetValue(device, out var seqs) || seqs.Count == 0)
        {
            return null;
        }

        var through = seqs.Min;
        while (seqs.Contains(through + 1))
        {
            through++;
        }

        return through;
    }

    private DerivationBacklog NewBacklog() => new(ContiguousThrough, Clock, TimeSpan.FromMinutes(10));

    private AlertEngine NewEngine() => new(_options, Registry, _store, [Sink], new IngestMetrics(_services.GetRequiredService<IMeterFactory>()), Clock);
}
