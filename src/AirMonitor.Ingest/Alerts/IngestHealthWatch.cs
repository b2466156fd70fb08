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
    /// <summary>Devices remembered as deferred; past this a device's deferral is only counted (the metric), not alerted.</summary>
    public const int MaxDeferredDevices = 10_000;

    private static readonly string[] Rules = [AlertEngine.InfluxLimitRule, AlertEngine.DeadLettersDroppedRule, AlertEngine.LocalStoreRule, AlertEngine.DeviceLimitRule];

    private readonly string _replica = BrokerIdentity.ClientId(mqtt.Value);
    private readonly ConcurrentDictionary<string, bool> _deferred = new(StringComparer.Ordinal);
    private long _droppedSeen;
    private long _refusedSeen;
    private readonly Dictionary<string, DateTimeOffset> _unraised = new(StringComparer.Ordinal); // stores that failed while no round could be committed

    /// <summary>A deferred message marks its device; a stored one clears it.</summary>
    void ISettledMessages.Settled(IReadOnlyList<SettledMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Settlement == Settlement.Deferred)
            {
                if (_deferred.Count < MaxDeferredDevices)
                {
                    _deferred.TryAdd(message.Device, true);
                }
            }
            else if (message.Settlement == Settlement.Stored && !_deferred.IsEmpty)
            {
                _deferred.TryRemove(message.Device, out _);
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        (_droppedSeen, _refusedSeen) = (deadLetters.DroppedCount, admission.Refused);
        return LocalState.EveryAsync(options.Value.OfflineCheckInterval, time, _ => { Check(); return Task.CompletedTask; }, stoppingToken);
    }

    /// <summary>One check: every condition now, and the end of those gone.</summary>
    public void Check()
    {
        List<HealthCondition> conditions = [.. _deferred.Keys.Select(device => new HealthCondition(
            AlertEngine.InfluxLimitRule, registry.TryFindByDevice(device, out var s) ? s.Id : device, device, "deferred", 1, AlertSeverity.Critical))];
        var dropped = deadLetters.DroppedCount;
        if (dropped > _droppedSeen)
        {
            conditions.Add(new HealthCondition(AlertEngine.DeadLettersDroppedRule, _replica, $"{_replica}/dead-letters", "dropped", dropped - _droppedSeen, AlertSeverity.Warning));
        }

        var refused = admission.Refused;
        if (refused > _refusedSeen)
        {
            conditions.Add(new HealthCondition(AlertEngine.DeviceLimitRule, _replica, $"{_replica}/devices", "deferred", refused - _refusedSeen, AlertSeverity.Critical));
        }

        var now = time.GetUtcNow();
        var failing = stores.FailingSince;
        foreach (var (store, since) in _unraised.Where(u => !failing.ContainsKey(u.Key)).Concat(failing))
        {
            conditions.Add(new HealthCondition(AlertEngine.LocalStoreRule, _replica, $"{_replica}/{store}", "failing_s", Math.Max(1, Math.Round((now - since).TotalSeconds)), AlertSeverity.Critical));
        }

        try
        {
            engine.ObserveHealth(Rules, conditions, now);
            (_droppedSeen, _refusedSeen) = (dropped, refused);
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
}
