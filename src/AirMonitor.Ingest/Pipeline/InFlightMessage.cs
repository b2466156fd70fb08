using AirMonitor.Influx;
using MQTTnet;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// A readings message between receipt and acknowledgement. <see cref="Stored"/> is written when its points are in
/// InfluxDB (or at once when nothing of it is to be stored: the empty group); only then is it acknowledged to the broker and device.
/// </summary>
/// <param name="Seq">Null when the payload could not be decoded (no seq to acknowledge to the device).</param>
/// <param name="Rejection">The reason code when none of the message is stored.</param>
/// <param name="Points">What it stores, handed on to the derivation once stored.</param>
internal sealed record InFlightMessage(
    MqttApplicationMessageReceivedEventArgs Delivery,
    string Device,
    long? Seq,
    int SampleCount,
    InfluxGroup Stored,
    string? Rejection,
    byte[] Payload,
    long ReceivedTimestamp,
    IReadOnlyList<InfluxPoint> Points);
