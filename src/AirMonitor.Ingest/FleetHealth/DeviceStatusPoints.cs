using AirMonitor.Core.Contract;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.FleetHealth;

/// <summary>
/// A device's status as InfluxDB points (docs/storage.md): one <c>device_status</c> point for the device, one
/// <c>device_sensor</c> point per sensor it lists, all at one timestamp and with the device's station tags.
/// </summary>
public static class DeviceStatusPoints
{
    public const string Measurement = "device_status";
    public const string SensorMeasurement = "device_sensor";

    /// <summary>Longer <c>last_error</c> texts are cut here.</summary>
    public const int MaxErrorLength = 200;

    /// <param name="stationTags">The registry's tags of the device's station; none for an unregistered device.</param>
    public static IReadOnlyList<InfluxPoint> Of(DeviceStatus status, IReadOnlyList<KeyValuePair<string, string>> stationTags, long timestampMs)
    {
        KeyValuePair<string, string>[] tags = [.. stationTags, new("device", status.Device)];
        var sensors = status.Sensors ?? [];
        List<KeyValuePair<string, FieldValue>> fields = [new("state", status.State)];
        if (status.Firmware is { } firmware)
        {
            fields.Add(new("firmware", firmware));
        }

        if (status.UptimeSeconds is { } uptime)
        {
            fields.Add(new("uptime_s", uptime));
        }

        if (status.Outbox is { } outbox)
        {
            fields.Add(new("outbox_depth", outbox.Depth));
            fields.Add(new("outbox_evicted", outbox.Evicted));
            // An empty outbox has no oldest message: 0 s, so that the panel's line falls to zero instead of stopping.
            fields.Add(new("outbox_oldest_s", outbox.OldestAgeSeconds ?? 0.0));
            fields.Add(new("outbox_failing", outbox.FailingSince is not null));
        }

        if (status.Clock is { } clock)
        {
            fields.Add(new("clock_synchronized", clock.Synchronized));
            fields.Add(new("clock_held", (long)clock.Held));
            fields.Add(new("clock_dropped", clock.Dropped));
        }

        if (status.Sensors is not null)
        {
            fields.Add(new("sensors", (long)sensors.Count));
            fields.Add(new("sensors_failing", (long)sensors.Count(s => s.State == SensorStatusReport.Failing)));
        }

        List<InfluxPoint> points = [new(Measurement, tags, fields, timestampMs)];
        foreach (var sensor in sensors)
        {
            List<KeyValuePair<string, FieldValue>> sensorFields =
            [
                new("model", sensor.Model),
                new("state", sensor.State),
                new("readings", sensor.Readings),
                new("faults", sensor.Faults.Values.Sum()),
                new("fault_counts", string.Join(',', sensor.Faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"))),
            ];
            if (sensor.LastError is { } error)
            {
                sensorFields.Add(new("last_error", error.Length <= MaxErrorLength ? error : error[..MaxErrorLength] + "…"));
            }

            points.Add(new(SensorMeasurement, [.. tags, new("sensor", sensor.Name)], sensorFields, timestampMs));
        }

        return points;
    }
}
