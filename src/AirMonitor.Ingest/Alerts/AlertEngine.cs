using System.Globalization;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.Emissions;
using AirMonitor.Ingest.Observability;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Judges every rule against each station's series as the derivation hands it over, and the devices' silence as the
/// <see cref="DeviceLiveness"/> watch reports it; keeps each rule's <see cref="AlertTrack"/> per subject and turns
/// its transitions into events. A round's tracks and events are committed together to the <see cref="AlertStore"/>,
/// whose outbox the <see cref="AlertDispatcher"/> delivers to the sinks. A round whose commit fails (a full disk) throws
/// and changes nothing here: the same points judged again give the same events.
/// </summary>
public sealed partial class AlertEngine : IDerivedSeries, IStackSeries, IDisposable
{
    /// <summary>A device with no message for <see cref="AlertOptions.OfflineAfterIntervals"/> of its intervals.</summary>
    public const string OfflineRule = "device-offline";

    /// <summary>A PM sensor repeating one value through a whole hour.</summary>
    public const string StuckRule = "sensor-stuck";

    /// <summary>A sensor whose readings in an hour were mostly flagged faulty by the edge (CRC error, out of range, stuck).</summary>
    public const string FaultyRule = "sensor-faulty";

    /// <summary>Two PM sensors of one station whose hourly PM2.5 disagree.</summary>
    public const string DisagreeRule = "pm-sensors-disagree";

    /// <summary>A device whose readings InfluxDB defers because the database is at a series limit.</summary>
    public const string InfluxLimitRule = "influx-limit";

    /// <summary>Dead letters dropped by a bound (a device's rate, the directory's size) since the last check.</summary>
    public const string DeadLettersDroppedRule = "deadletters-dropped";

    /// <summary>A local store of this replica (seq ledger, alert store, dead letters) failing to write: a full or broken disk.</summary>
    public const string LocalStoreRule = "local-store-failing";

    /// <summary>Messages deferred because their device is past <see cref="IngestOptions.MaxDevices"/>, since the last check.</summary>
    public const string DeviceLimitRule = "device-limit";

    private readonly AlertOptions _options;
    private readonly IReadOnlyList<AlertRule> _rules;
    private readonly bool _oxAdvisories;
    private readonly string[] _sinks;
    private readonly StationRegistry _registry;
    private readonly AlertStore _store;
    private readonly IngestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Rule, string Subject), AlertTrack> _tracks;
    private readonly Dictionary<string, AlertEvent> _firing;
    private readonly SemaphoreSlim _raised = new(0);

    public AlertEngine(AlertOptions options, StationRegistry registry, AlertStore store, IEnumerable<string> sinks, IngestMetrics metrics, TimeProvider time)
    {
        _options = options;
        _rules = options.ActiveRules();
        _oxAdvisories = options.ActiveRuleSets().Contains(DefaultRuleSets.Yokohama);
        _registry = registry;
        _store = store;
        _metrics = metrics;
        _time = time;
        _sinks = [.. sinks];
        _tracks = new(store.LoadTracks());
        _firing = store.LoadFiring().ToDictionary(e => e.Id, StringComparer.Ordinal);
        _metrics.AlertsFiring(_firing.Count);
    }

    /// <summary>Released once for each round that raised events; the dispatcher waits on it.</summary>
    public SemaphoreSlim Raised => _raised;

    /// <summary>Episodes firing now, oldest first; of one station, or of all.</summary>
    public IReadOnlyList<AlertEvent> Firing(string? station = null)
    {
        lock (_lock)
        {
            return [.. _firing.Values.Where(e => station is null || e.Station == station).OrderBy(e => e.FiringSince)];
        }
    }

    public void Dispose() => _raised.Dispose();

    Task IDerivedSeries.DerivedAsync(StationSeries series, CancellationToken cancellationToken) => EvaluateAsync(series, cancellationToken);

    public Task EvaluateAsync(StationSeries series, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var station = _registry.FindStation(series.Station);
        var round = new Round(this);
        foreach (var rule in _rules.Where(r => r.Watches(series.Station, station?.Kind, station?.City, station?.District)))
        {
            foreach (var point in WindowPoints.For(rule, series))
            {
                round.Observe(new Judgement(rule.Name, series.Station, series.Station, rule.Metric, rule.Window, rule.Severity,
                    point, rule.Threshold, rule.ClearThreshold, rule.MinDuration, rule.IsQuiet(point.At)));
            }
        }

        foreach (var judgement in SensorJudgements(series).Concat(OxJudgements(series, station)))
        {
            round.Observe(judgement);
        }

        round.Commit();
        return Task.CompletedTask;
    }

    /// <summary>A device's silence, judged against its own threshold (the liveness watch works in wall-clock time).</summary>
    public void ObserveSilence(IEnumerable<(string Device, string Station, TimeSpan Silence, TimeSpan Limit)> devices, DateTimeOffset now)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var round = new Round(this);
        foreach (var (device, station, silence, limit) in devices)
        {
            round.Observe(new Judgement(OfflineRule, station, device, "silence_s", AlertWindow.Latest.ConfigName(), AlertSeverity.Warning,
                new WindowPoint(now, Math.Round(silence.TotalSeconds, 1)), limit.TotalSeconds, limit.TotalSeconds, TimeSpan.Zero, false));
        }

        round.Commit();
    }

    /// <summary>
    /// The ingest's own conditions, judged on its clock like silence: each of <paramref name="conditions"/> fires its rule
    /// for its subject while its value is above 0; an episode of one of <paramref name="rules"/> whose subject is not among
    /// them resolves.
    /// </summary>
    public void ObserveHealth(IReadOnlyCollection<string> rules, IReadOnlyList<HealthCondition> conditions, DateTimeOffset now)
    {
        if (!_options.Enabled)
        {
            return;
        }

        List<AlertEvent> firing;
        lock (_lock)
        {
            firing = [.. _firing.Values.Where(e => rules.Contains(e.Rule))];
        }

        var round = new Round(this);
        foreach (var c in conditions)
        {
            round.Observe(new Judgement(c.Rule, c.Station, c.Subject, c.Metric, AlertWindow.Latest.ConfigName(), c.Severity,
                new WindowPoint(now, c.Value), 0, 0, TimeSpan.Zero, false));
        }

        var present = conditions.Select(c => (c.Rule, c.Subject)).ToHashSet();
        foreach (var e in firing.Where(e => !present.Contains((e.Rule, e.Subject))))
        {
            round.Observe(new Judgement(e.Rule, e.Station, e.Subject, e.Metric, e.Window, e.Severity, new WindowPoint(now, 0), 0, 0, TimeSpan.Zero, false));
        }

        round.Commit();
    }

    /// <summary>Sensor health of each closed hour: stuck, mostly flagged faulty, and PM sensors that disagree.</summary>
    private IEnumerable<Judgement> SensorJudgements(StationSeries series)
    {
        var hour = AlertWindow.Hour.ConfigName();
        foreach (var group in series.SensorHours.Where(s => s.HourStartMs < series.OpenHourStartMs).GroupBy(s => s.HourStartMs).OrderBy(g => g.Key))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(group.Key + HourlyMeans.HourMs);
            foreach (var sensor in group.OrderBy(s => s.Device, StringComparer.Ordinal).ThenBy(s => s.Sensor, StringComparer.Ordinal))
            {
                var subject = $"{sensor.Device}/{sensor.Sensor}";
                if (sensor.MeasuresPm || sensor.Stuck)
                {
                    yield return new Judgement(StuckRule, series.Station, subject, "stuck", hour, AlertSeverity.Warning,
                        new WindowPoint(at, sensor.Stuck ? 1 : 0), 0.5, 0.5, TimeSpan.Zero, false);
                }

                var readings = sensor.Samples + sensor.Flagged;
                yield return new Judgement(FaultyRule, series.Station, subject, "faulty_share", hour, AlertSeverity.Warning,
                    new WindowPoint(at, readings == 0 ? null : Math.Round((double)sensor.FlaggedFaulty / readings, 3)), 0.5, 0.5, TimeSpan.Zero, false);
            }

            var pm = group.Where(s => s.IsValid).Select(s => s.Means[Ambient.Pm2_5]).OfType<double>().ToList();
            if (pm.Count >= 2)
            {
                var spread = pm.Max() - pm.Min();
                var limit = Math.Max(_options.DisagreeMicrogramsPerCubicMeter, _options.DisagreeRatio * pm.Average());
                yield return new Judgement(DisagreeRule, series.Station, series.Station, "pm2_5_spread", hour, AlertSeverity.Warning,
                    new WindowPoint(at, Math.Round(spread, 2)), limit, limit, TimeSpan.Zero, false);
            }
        }
    }

    private static string Summary(Judgement j, AlertTransition t) => (t.State == AlertState.Firing
        ? string.Create(CultureInfo.InvariantCulture, $"{j.Rule}: {j.Metric} ({j.Window}) {t.Value:0.##} above {j.Threshold:0.##} at {j.Station} ({j.Subject})")
        : string.Create(CultureInfo.InvariantCulture, $"{j.Rule}: {j.Metric} ({j.Window}) {t.Value:0.##} at or below {j.Clear:0.##} at {j.Station} ({j.Subject}); firing since {t.FiringSince:yyyy-MM-dd HH:mm}Z"))
        + (j.Note is null ? "" : $"; {j.Note}");

    /// <summary>One point of one rule for one subject, with the rule's limits there.</summary>
    private sealed record Judgement(
        string Rule,
        string Station,
        string Subject,
        string Metric,
        string Window,
        AlertSeverity Severity,
        WindowPoint Point,
        double Threshold,
        double Clear,
        TimeSpan MinDuration,
        bool Quiet,
        string? Note = null);

    /// <summary>The tracks and events of one evaluation, committed together.</summary>
    private sealed class Round(AlertEngine engine)
    {
        private readonly Dictionary<(string, string), AlertTrack> _changed = [];
        private readonly List<AlertEvent> _events = [];
        private readonly DateTimeOffset _now = engine._time.GetUtcNow();

        public void Observe(Judgement j)
        {
            var key = (j.Rule, j.Subject);
            var track = _changed.GetValueOrDefault(key) ?? Current(key) ?? AlertTrack.New(j.Rule, j.Subject);
            var (next, transition) = AlertLifecycle.Observe(track, j.Point.At, j.Point.Value, j.Threshold, j.Clear, j.MinDuration, j.Quiet);
            if (next != track)
            {
                _changed[key] = next;
            }

            if (transition is not null)
            {
                _events.Add(new AlertEvent(
                    string.Create(CultureInfo.InvariantCulture, $"{j.Rule}:{j.Subject}:{transition.FiringSince.ToUnixTimeMilliseconds()}"),
                    j.Rule, j.Station, j.Subject, transition.State, j.Severity, j.Metric, j.Window, transition.At, transition.FiringSince,
                    transition.Value, j.Threshold, j.Clear, _now - transition.At > engine._options.LateAfter, _now, Summary(j, transition)));
            }
        }

        public void Commit()
        {
            if (_changed.Count == 0)
            {
                return;
            }

            lock (engine._lock)
            {
                engine._store.Commit(_changed.Values, _events, engine._sinks);
                foreach (var (key, track) in _changed)
                {
                    engine._tracks[key] = track;
                }

                foreach (var alert in _events)
                {
                    if (alert.State == AlertState.Firing)
                    {
                        engine._firing[alert.Id] = alert;
                    }
                    else
                    {
                        engine._firing.Remove(alert.Id);
                    }

                    engine._metrics.AlertRaised(alert.Rule, alert.State.TagValue());
                }

                engine._metrics.AlertsFiring(engine._firing.Count);
            }

            if (_events.Count > 0)
            {
                engine._raised.Release();
            }
        }

        private AlertTrack? Current((string, string) key)
        {
            lock (engine._lock)
            {
                return engine._tracks.GetValueOrDefault(key);
            }
        }
    }
}

/// <summary>One of the ingest's own conditions for <see cref="AlertEngine.ObserveHealth"/>: above 0 is firing.</summary>
public sealed record HealthCondition(string Rule, string Station, string Subject, string Metric, double Value, AlertSeverity Severity);
