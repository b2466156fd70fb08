using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Publishes each event on <c>airmon/v1/alerts/{station}</c>, QoS 1 and retained: the payload carries the event and
/// the station's alerts firing after it, so a client subscribing later reads the current state at once.
/// </summary>
internal sealed class MqttAlertSink(BrokerConnections broker) : IAlertSink
{
    public string Name => "mqtt";

    public async Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken)
    {
        var connection = broker.Publishing;
        if (!connection.IsConnected)
        {
            throw new AlertDeliveryException("the MQTT connection is down", isRetryable: true);
        }

        try
        {
            await connection.PublishAsync(Topics.Alerts(alert.Station), AlertJson.EncodeStationState(alert, active), MqttQos.AtLeastOnce, retain: true, cancellationToken);
        }
        catch (MqttException e)
        {
            throw new AlertDeliveryException($"{Topics.Alerts(alert.Station)}: {e.Message}", isRetryable: true);
        }
    }
}
