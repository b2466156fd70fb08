using AirMonitor.AirQuality.Alerts;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Publishes each event on <c>airmon/v1/alerts/{station}</c>, QoS 1 and retained: the payload carries the event and
/// the station's alerts firing after it, so a client subscribing later reads the current state at once. Each payload
/// is recorded in the alert store before it is sent, so <see cref="RepublishAsync"/> can give a broker that lost its
/// retained messages (a crash between autosaves) every station's state again.
/// </summary>
internal sealed class MqttAlertSink(BrokerConnections broker, AlertStore store) : IAlertSink
{
    // A station's record and its publish are taken together, so a republish never sends a state older than one already sent.
    private readonly Lock _order = new();

    public string Name => "mqtt";

    public async Task DeliverAsync(AlertEvent alert, IReadOnlyList<AlertEvent> active, CancellationToken cancellationToken)
    {
        var connection = broker.Publishing;
        if (!connection.IsConnected)
        {
            throw new AlertDeliveryException("the MQTT connection is down", isRetryable: true);
        }

        var station = alert.Station;
        var payload = AlertJson.EncodeStationState(alert, active);
        Task published;
        lock (_order)
        {
            store.SaveRetained(station, payload);
            published = Send(connection, station, payload, cancellationToken);
        }

        try
        {
            await published;
        }
        catch (MqttException e)
        {
            throw new AlertDeliveryException($"{Topics.Alerts(station)}: {e.Message}", isRetryable: true);
        }
    }

    /// <summary>
    /// Publishes the recorded state of every station again, the same bytes as last sent (the event's own times, not
    /// now), paced by the broker's receive maximum. Stops early when <paramref name="mayGoOn"/> says no (the lease was
    /// lost). Returns how many stations were published.
    /// </summary>
    /// <exception cref="MqttException">The connection was lost or the broker refused: the republish did not finish.</exception>
    public async Task<int> RepublishAsync(Func<bool> mayGoOn, CancellationToken cancellationToken)
    {
        var connection = broker.Publishing;
        var published = new List<Task>();
        var count = 0;
        foreach (var station in store.RetainedStations())
        {
            if (!mayGoOn())
            {
                break;
            }

            await connection.WaitForPublishRoomAsync(cancellationToken);
            if (!connection.IsConnected)
            {
                throw new MqttException("the MQTT connection was lost during the republish");
            }

            // The record is read and the publish queued together (no await inside), after any delivery queued before it.
            lock (_order)
            {
                if (store.Retained(station) is not { } payload)
                {
                    continue;
                }

                published.Add(Send(connection, station, payload, cancellationToken));
                count++;
            }

            if (published.Count >= 1000)
            {
                // Surface a failure early and keep the list short; the broker's receive maximum paces the sending.
                await Task.WhenAll(published);
                published.Clear();
            }
        }

        await Task.WhenAll(published);
        return count;
    }

    private static Task Send(MqttConnection connection, string station, byte[] payload, CancellationToken cancellationToken) =>
        connection.PublishAsync(Topics.Alerts(station), payload, MqttQos.AtLeastOnce, retain: true, cancellationToken);
}
