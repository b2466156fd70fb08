using System.Collections.Concurrent;
using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// The ingest's own troubles as alerts, judged every <see cref="AlertOptions.OfflineCheckInterval"/> on its clock:
/// devices whose readings InfluxDB defers at a series limit (<see cref="AlertEngine.InfluxLimitRule"/>, the device's
/// station, until a message of the device is stored) and dead letters dropped by a bound since the last check
/// (<see cref="AlertEngine.DeadLettersDroppedRule"/>, on this replica: its client id is the station).
/// </summary>
internal sealed class IngestHealthWatch(
    AlertEngine engine,
    StationRegistry registry,
    DeadLetterStore deadLetters,
    TimeProvider time,
    IOptions<AlertOptions> options,
    IOptions<MqttOptions> mqtt) : BackgroundService, ISettledMessages
{
    /// <summary>Devices remembered as deferred; past this a device's deferral is only counted (the metric), not alerted.</summary>
    public const int MaxDeferredDevices = 10_000;

    private static readonly string[] Rules = [AlertEngine.InfluxLimitRule, AlertEngine.DeadLettersDroppedRule];

    private readonly string _replica = BrokerIdentity.ClientId(mqtt.Value);
    private readonly ConcurrentDictionary<string, bool> _deferred = new(StringComparer.Ordinal);
    private long _droppedSeen;

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
        _droppedSeen = deadLetters.DroppedCount;
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

        _droppedSeen = dropped;
        engine.ObserveHealth(Rules, conditions, time.GetUtcNow());
    }
}
