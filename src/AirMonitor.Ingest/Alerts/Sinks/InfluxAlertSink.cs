using AirMonitor.AirQuality.Alerts;
using AirMonitor.Influx;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Writes each event as a point of <c>alert_event</c> at its data time, which Grafana shows as annotations
/// (docs/storage.md). A point is the event's identity, so a repeated delivery writes the same point again.
/// </summary>
internal sealed class InfluxAlertSink(InfluxWriteClient client) : IAlertSink
{
    public const string Measurement = "alert_event";

    public string Name => "influx";

    public async Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken)
    {
        try
        {
            await client.WriteAsync([Point(alert)], cancellationToken);
        }
        catch (InfluxWriteException e)
        {
            // At a series limit the event is good: retried until an operator makes room, like the readings.
            throw new AlertDeliveryException($"InfluxDB did not store {alert.Id}: {e.Message}", e.IsRetryable || e.IsLimitExceeded, e);
        }
    }

    public static InfluxPoint Point(AlertEvent alert) => new(
        Measurement,
        [
            new("station", alert.Station),
            new("rule", alert.Rule),
            new("state", alert.State.TagValue()),
            new("severity", alert.Severity.TagValue()),
            new("subject", alert.Subject),
        ],
        [
            new("id", alert.Id),
            new("metric", alert.Metric),
            new("window", alert.Window),
            new("value", alert.Value),
            new("threshold", alert.Threshold),
            new("clear_threshold", alert.ClearThreshold),
            new("firing_since", alert.FiringSince.ToUnixTimeMilliseconds()),
            new("late", alert.Late),
            new("noticed_at", alert.NoticedAt.ToUnixTimeMilliseconds()),
            new("summary", alert.Summary),
        ],
        alert.At.ToUnixTimeMilliseconds());
}
