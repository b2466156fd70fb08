using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The ingest's two MQTT connections. Readings arrive on <see cref="Readings"/>, whose reading stops while the ingest is
/// full. Everything the ingest publishes (device acks, alert states) goes out on <see cref="Publishing"/>, where the other
/// replicas' acks come in too: the broker's PUBACKs for what the ingest publishes never wait behind a backlog of
/// readings in one TCP stream (with one connection, a drain left the device acks unconfirmed until the backlog was read,
/// and acks were dropped).
/// </summary>
internal sealed class BrokerConnections(MqttConnection readings, MqttConnection publishing) : IAsyncDisposable
{
    /// <summary>The suffix of the publishing connection's client id (its session holds the other replicas' acks).</summary>
    public const string PublishingSuffix = "-publish";

    public MqttConnection Readings { get; } = readings;

    public MqttConnection Publishing { get; } = publishing;

    public bool IsConnected => Readings.IsConnected && Publishing.IsConnected;

    /// <summary>PUBACKs the deliveries on whichever connection each came in on, in order; returns how many were sent.</summary>
    public int Acknowledge(ReadOnlySpan<MqttDelivery> deliveries) => Readings.Acknowledge(deliveries) + Publishing.Acknowledge(deliveries);

    public async ValueTask DisposeAsync()
    {
        await Readings.DisposeAsync();
        await Publishing.DisposeAsync();
    }
}
