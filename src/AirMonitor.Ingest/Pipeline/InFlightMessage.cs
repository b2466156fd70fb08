using AirMonitor.Influx;
using AirMonitor.Mqtt;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// A message between receipt and acknowledgement, in the order received: a readings message, whose
/// <see cref="Group"/> says when and whether its points are in InfluxDB, or another replica's ack
/// (<see cref="PeerSettled"/>), settled at once. Only once settled is it acknowledged to the broker and the device.
/// </summary>
/// <param name="Topic">Kept for the dead letter should InfluxDB refuse the points.</param>
/// <param name="Seq">Null when the payload could not be decoded (no seq to acknowledge to the device).</param>
/// <param name="Group">Where its points went in the batch writer; <c>default</c> when nothing of it is to be stored.</param>
/// <param name="Rejection">The reason code when none of the message is stored.</param>
/// <param name="Payload">Kept for the dead letter should InfluxDB refuse the points; null when none were written.</param>
/// <param name="FirstSampleTs">The time of its first stored sample (the liveness watch learns each device's interval from these).</param>
/// <param name="Air">Its <c>air</c> readings, handed on to the derivation once stored.</param>
/// <param name="Emission">Its <c>emission</c> readings, handed on to the stacks' derivation once stored.</param>
/// <param name="PeerSettled">For another replica's ack: the seq numbers it settled.</param>
/// <param name="Deferred">The message is neither stored nor rejected but left to its device to send again (its device is past <see cref="IngestOptions.MaxDevices"/>).</param>
internal readonly record struct InFlightMessage(
    MqttDelivery Delivery,
    string Topic,
    string Device,
    long? Seq,
    int SampleCount,
    InfluxGroup Group,
    string? Rejection,
    byte[]? Payload,
    long ReceivedTimestamp,
    long? FirstSampleTs,
    ReadingSpan? Air,
    long[]? PeerSettled = null,
    bool Deferred = false,
    ReadingSpan? Emission = null);
