using AirMonitor.Core.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Publishes each event on <c>airmon/v1/alerts/{station}</c>, QoS 1 and retained: the payload carries the event and
/// the station's alerts firing after it, so a client subscribing later reads the current state at once.
/// </summary>
internal sealed class MqttAlertSink(MqttConnection connection) : IAlertSink
{
    public string Name => "mqtt";

    public async Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken)
    {
        if (!connection.IsConnected)
        {
            throw new AlertDeliveryException("the MQTT connection is down", isRetryable: true);
        }

        var result = await connection.Client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Alerts(alert.Station))
            .WithPayload(AlertJson.EncodeStationState(alert, active))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build(), cancellationToken);
        if (!result.IsSuccess)
        {
            throw new AlertDeliveryException($"the broker refused {Topics.Alerts(alert.Station)}: {result.ReasonCode} {result.ReasonString}", isRetryable: true);
        }
    }
}
