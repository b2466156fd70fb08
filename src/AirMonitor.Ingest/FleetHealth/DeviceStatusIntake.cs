using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Diagnostics;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.FleetHealth;

/// <summary>
/// Reads every device's retained status (<c>airmon/v1/+/status</c>) on a connection of its own and writes it to InfluxDB
/// (<see cref="DeviceStatusPoints"/>), at most one point per device per <see cref="FleetOptions.StatusMinInterval"/>:
/// a status arriving sooner replaces the one waiting, and the latest is written when the interval is over.
/// </summary>
/// <remarks>
/// Every replica reads every status (not shared): a status is small, and writing it twice is the same point. The
/// subscription is QoS 0 on a clean session: the broker keeps nothing for the ingest, and each connect delivers the
/// retained statuses again. Its own connection keeps a flood of statuses from delaying the readings or the acks. A
/// malformed or oversized status is counted (<c>airmon_ingest_status_rejects_total</c>), logged at most once a minute and
/// not written; a device past <see cref="IngestOptions.MaxDevices"/> is left out as its readings are (<see cref="DeviceAdmission"/>).
/// </remarks>
internal sealed partial class DeviceStatusIntake(
    IOptions<MqttOptions> mqtt,
    InfluxAccess influx,
    DeviceAdmission admission,
    StationRegistry registry,
    InfluxBatchWriter writer,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<FleetOptions> options,
    ILogger<DeviceStatusIntake> logger) : BackgroundService
{
    /// <summary>The suffix of the status connection's client id.</summary>
    public const string ClientIdSuffix = "-status";

    /// <summary>A status stamped further ahead of the ingest's clock than this is placed at its receipt instead.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    /// <summary>How often the statuses due are written.</summary>
    private static readonly TimeSpan WriteRound = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Slot> _devices = new(StringComparer.Ordinal); // admitted devices only: bounded
    private readonly LogThrottle _rejections = new(time, LogThrottle.Minute);
    private readonly FleetOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await influx.Ready.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        var settings = mqtt.Value;
        await using var connection = new MqttConnection(settings, BrokerIdentity.ClientId(settings) + ClientIdSuffix, logger, MqttSession.Throwaway);
        connection.MessageReceived = OnMessage;
        await Task.WhenAll(
            connection.RunAsync((_, ct) => connection.SubscribeAsync([new MqttSubscription(Topics.AllStatus, MqttQos.AtMostOnce)], ct), stoppingToken),
            LocalState.EveryAsync(WriteRound, time, WriteDueAsync, stoppingToken));
    }

    private void OnMessage(in MqttMessage message)
    {
        var topic = message.Topic;
        if (topic == Topics.Alerts("status"))
        {
            return; // the retained alert state of a station named "status", which the filter matches too
        }

        if (!Topics.TryParseStatus(topic, out var device) || !DeviceId.IsValid(device))
        {
            Reject(topic, "bad_device_id", "the topic's device is not a valid device id");
            return;
        }

        var payload = message.Payload;
        if (payload.IsEmpty)
        {
            return; // a retained status cleared: nothing to write
        }

        if (payload.Length > _options.MaxStatusBytes)
        {
            Reject(device, "too_large", $"{payload.Length} bytes, more than Fleet:MaxStatusBytes {_options.MaxStatusBytes}");
            return;
        }

        DeviceStatus status;
        try
        {
            status = WireCodec.DecodeStatus(payload);
        }
        catch (JsonException e)
        {
            Reject(device, "malformed", e.Message);
            return;
        }

        if (status.Device != device)
        {
            Reject(device, "device_mismatch", $"the payload's device '{status.Device}' is not the topic's");
            return;
        }

        if (!admission.Admit(device))
        {
            return;
        }

        var now = time.GetUtcNow();
        var at = status.At > 0 && status.At <= (now + MaxAhead).ToUnixTimeMilliseconds() ? status.At : now.ToUnixTimeMilliseconds();
        var points = DeviceStatusPoints.Of(status, registry.TryFindByDevice(device, out var station) ? [.. station.PointTags()] : [], at);
        lock (_lock)
        {
            if (!_devices.TryGetValue(device, out var slot))
            {
                _devices[device] = slot = new Slot();
            }

            slot.Waiting = points;
        }
    }

    private async Task WriteDueAsync(CancellationToken cancellationToken)
    {
        if (!writer.HasSpace)
        {
            return; // InfluxDB is behind: the statuses wait, one per device
        }

        var now = time.GetTimestamp();
        var due = new List<(string Device, IReadOnlyList<InfluxPoint> Points)>();
        lock (_lock)
        {
            foreach (var (device, slot) in _devices)
            {
                if (slot.Waiting is { } points && (slot.WrittenAt is not { } at || time.GetElapsedTime(at, now) >= _options.StatusMinInterval))
                {
                    due.Add((device, points));
                    (slot.Waiting, slot.WrittenAt) = (null, now);
                }
            }
        }

        var groups = new List<Task>(due.Count);
        foreach (var (device, points) in due)
        {
            try
            {
                groups.Add(writer.Append(points).StoredAsync());
            }
            catch (ArgumentException unstorable)
            {
                // Line protocol cannot carry a tag of these points (e.g. a sensor name ending in a backslash).
                Reject(device, "unstorable", unstorable.Message);
            }
        }

        try
        {
            await Task.WhenAll(groups).WaitAsync(cancellationToken);
        }
        catch (InfluxWriteException e)
        {
            LogNotWritten(due.Count, e.Message);
        }
    }

    private void Reject(string device, string reason, string detail)
    {
        metrics.StatusRejected(reason);
        int count;
        lock (_lock)
        {
            if (!_rejections.Due(out count))
            {
                return;
            }
        }

        LogRejected(count, device, reason, detail);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} status message(s) rejected, not written, since this was last logged (at most once a minute); the latest from {Device}: {Reason} ({Detail})")]
    private partial void LogRejected(int count, string device, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status of {Count} device(s) not written to InfluxDB: {Reason}")]
    private partial void LogNotWritten(int count, string reason);

    private sealed class Slot
    {
        /// <summary>The latest status not yet written, as points.</summary>
        public IReadOnlyList<InfluxPoint>? Waiting { get; set; }

        /// <summary>When the last was written (<see cref="TimeProvider.GetTimestamp"/>).</summary>
        public long? WrittenAt { get; set; }
    }
}
