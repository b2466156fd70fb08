using System.Collections.Concurrent;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// The ingest's own troubles as alerts, judged every <see cref="AlertOptions.OfflineCheckInterval"/> on its clock:
/// devices whose readings InfluxDB defers at a series limit (<see cref="AlertEngine.InfluxLimitRule"/>, the device's
/// station, until a message of the device is stored), dead letters dropped by a bound since the last check
/// (<see cref="AlertEngine.DeadLettersDroppedRule"/>), local stores that fail to write, a full disk
/// (<see cref="AlertEngine.LocalStoreRule"/>), and messages deferred because their device is past
/// <see cref="IngestOptions.MaxDevices"/> (<see cref="AlertEngine.DeviceLimitRule"/>); the last three on this replica,
/// whose client id is their station.
/// </summary>
/// <remarks>An event is committed to the alert store before it is sent, so while the alert store itself fails (or a store
/// on its full disk) no event can be raised: <c>/health</c> and the metrics say it then, and the episode is raised late, at
/// the first check the alert store takes, and resolved at the next.</remarks>
internal sealed class IngestHealthWatch(
    AlertEngine engine,
    StationRegistry registry,
    DeadLetterStore deadLetters,
    LocalStoreHealth stores,
    DeviceAdmission admission,
    TimeProvider time,
    IOptions<AlertOptions> options,
    IOptions<MqttOptions> mqtt) : BackgroundService, ISettledMessages
{
    private static readonly string[] Rules = [AlertEngine.InfluxLimitRule, AlertEngine.DeadLettersDroppedRule, AlertEngine.LocalStoreRule, AlertEngine.DeviceLimitRule];

    /// <summary>How many checks a count must stay still for its episode to end: 2 min by default, twice the edge's
    /// default resend interval, so a device that resends every minute keeps one episode open, not one a minute.</summary>
    private const int QuietChecks = 8;

    private readonly string _replica = BrokerIdentity.ClientId(mqtt.Value);
    private readonly ConcurrentDictionary<string, bool> _deferred = new(StringComparer.Ordinal); // admitted devices only: DeviceAdmission bounds it
    private readonly RisingCount _dropped = new(() => deadLetters.DroppedCount, options.Value.OfflineCheckInterval * QuietChecks);
    private readonly RisingCount _refused = new(() => admission.Refused, options.Value.OfflineCheckInterval * QuietChecks);
    private readonly Dictionary<string, DateTimeOffset> _unraised = new(StringComparer.Ordinal); // stores that failed while no round could be committed

    /// <summary>A deferred message marks its device; a stored one clears it.</summary>
    void ISettledMessages.Settled(IReadOnlyList<SettledMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Settlement == Settlement.Deferred)
            {
                _deferred.TryAdd(message.Device, true);
            }
            else if (message.Settlement == Settlement.Stored && !_deferred.IsEmpty)
            {
                _deferred.TryRemove(message.Device, out _);
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _dropped.Start();
        _refused.Start();
        return LocalState.EveryAsync(options.Value.OfflineCheckInterval, time, _ => { Check(); return Task.CompletedTask; }, stoppingToken);
    }

    /// <summary>One check: every condition now, and the end of those gone.</summary>
    public void Check()
    {
        List<HealthCondition> conditions = [.. _deferred.Keys.Select(device => new HealthCondition(
            AlertEngine.InfluxLimitRule, registry.TryFindByDevice(device, out var s) ? s.Id : device, device, "deferred", 1, AlertSeverity.Critical))];
        var now = time.GetUtcNow();
        var (dropped, keepDropped) = _dropped.Judge(now);
        if (dropped is { } letters)
        {
            conditions.Add(new HealthCondition(AlertEngine.DeadLettersDroppedRule, _replica, $"{_replica}/dead-letters", "dropped", letters, AlertSeverity.Warning));
        }

        var (refused, keepRefused) = _refused.Judge(now);
        if (refused is { } messages)
        {
            conditions.Add(new HealthCondition(AlertEngine.DeviceLimitRule, _replica, $"{_replica}/devices", "deferred", messages, AlertSeverity.Critical));
        }

        var failing = stores.FailingSince;
        foreach (var (store, since) in _unraised.Where(u => !failing.ContainsKey(u.Key)).Concat(failing))
        {
            conditions.Add(new HealthCondition(AlertEngine.LocalStoreRule, _replica, $"{_replica}/{store}", "failing_s", Math.Max(1, Math.Round((now - since).TotalSeconds)), AlertSeverity.Critical));
        }

        try
        {
            engine.ObserveHealth(Rules, conditions, now);
            keepDropped();
            keepRefused();
            _unraised.Clear();
        }
        catch (SqliteException)
        {
            // The alert store refused the round (reported there) and it changed nothing: the next check judges again, and
            // raises the failing stores even if they recover before it.
            foreach (var (store, since) in failing)
            {
                _unraised.TryAdd(store, since);
            }
        }
    }

    /// <summary>
    /// A count (letters dropped, messages refused) as a condition: above 0 while it rose within <paramref name="quiet"/>,
    /// its value what it counted since the episode began; still that long, the episode ends.
    /// </summary>
    private sealed class RisingCount(Func<long> read, TimeSpan quiet)
    {
        private long _base;
        private long _seen;
        private DateTimeOffset _lastRise = DateTimeOffset.MinValue;

        public void Start() => _base = _seen = read();

        /// <summary>The condition's value now (null: none), and what keeps this check's view once its round is committed.</summary>
        public (long? Value, Action Keep) Judge(DateTimeOffset now)
        {
            var count = read();
            var lastRise = count > _seen ? now : _lastRise;
            var open = now - lastRise < quiet;
            return (open ? count - _base : null, () => (_seen, _lastRise, _base) = (count, lastRise, open ? _base : count));
        }
    }
}
