using System.Text;

namespace AirMonitor.Mqtt;

public enum MqttQos : byte
{
    AtMostOnce = 0,
    AtLeastOnce = 1,
}

/// <summary>
/// A message as received, valid only during the <see cref="MqttMessageHandler"/> call: its topic and payload are
/// slices of the receive buffer. Copy what must outlive the call.
/// </summary>
public readonly ref struct MqttMessage(ReadOnlySpan<byte> topicUtf8, ReadOnlySpan<byte> payload, MqttQos qos, bool retain, MqttDelivery delivery)
{
    public ReadOnlySpan<byte> TopicUtf8 { get; } = topicUtf8;

    public ReadOnlySpan<byte> Payload { get; } = payload;

    public MqttQos Qos { get; } = qos;

    public bool Retain { get; } = retain;

    /// <summary>What <see cref="MqttConnection.Acknowledge"/> takes, when the connection acknowledges by hand.</summary>
    public MqttDelivery Delivery { get; } = delivery;

    /// <summary>The topic as a string (allocates).</summary>
    public string Topic => Encoding.UTF8.GetString(TopicUtf8);
}

/// <summary>Receives every message on the connection's receive loop: it must not block, and must copy what it keeps.</summary>
public delegate void MqttMessageHandler(in MqttMessage message);

/// <summary>Identifies a received QoS 1 message for its PUBACK: the network connection it came on and its packet identifier.</summary>
public readonly record struct MqttDelivery(long Link, ushort PacketId, MqttQos Qos);

/// <param name="NoLocal">Leave out messages this connection publishes itself (MQTT 5, 3.8.3.1).</param>
public sealed record MqttSubscription(string Filter, MqttQos Qos = MqttQos.AtLeastOnce, bool NoLocal = false);

/// <summary>The message the broker publishes for this client when its connection ends without a DISCONNECT (3.1.2.5).</summary>
public sealed record MqttWill(string Topic, ReadOnlyMemory<byte> Payload, bool Retain, MqttQos Qos = MqttQos.AtLeastOnce);

/// <summary>How one connection presents itself to the broker, beyond the shared <see cref="MqttOptions"/>.</summary>
public sealed record MqttSession
{
    /// <summary>A throw-away client: a clean start and no session kept after it disconnects.</summary>
    public static readonly MqttSession Throwaway = new() { CleanStart = true, SessionExpiry = TimeSpan.Zero };

    /// <summary>Discard any session the broker holds under this client id when connecting.</summary>
    public bool CleanStart { get; init; }

    /// <summary>How long the broker keeps the session after a disconnect; null: <see cref="MqttOptions.SessionExpiry"/>.</summary>
    public TimeSpan? SessionExpiry { get; init; }

    public MqttWill? Will { get; init; }

    /// <summary>
    /// QoS 1 messages are acknowledged only through <see cref="MqttConnection.Acknowledge"/>, in the order received
    /// (4.6); otherwise the connection acknowledges each one once the handler has returned.
    /// </summary>
    public bool ManualAcknowledge { get; init; }

    /// <summary>
    /// The least time between two reads of a stream that is not filling the read buffer: a consumer of many small messages
    /// (the ingest) trades a few milliseconds of latency for one wake-up per tens of messages. Zero (devices): read at once.
    /// </summary>
    public TimeSpan ReadInterval { get; init; }
}

/// <summary>The broker refused, or the connection was lost before the broker answered.</summary>
public class MqttException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The broker's reason code (≥ 0x80 is a refusal), when it answered with one.</summary>
    public int? ReasonCode { get; init; }
}

/// <summary>The broker broke the protocol, or a packet could not be read.</summary>
public sealed class MqttProtocolException(string message) : MqttException($"MQTT protocol error: {message}");
