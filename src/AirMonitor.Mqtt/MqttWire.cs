using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AirMonitor.Mqtt;

/// <summary>
/// The MQTT 5.0 packets this client sends and reads (OASIS MQTT Version 5.0, chapters 2 and 3), encoded straight
/// into the send buffer: CONNECT, PUBLISH (QoS 0 and 1), PUBACK, SUBSCRIBE, PINGREQ, DISCONNECT.
/// </summary>
internal static class MqttWire
{
    // Fixed header, first byte (2.1.2): packet type in the high nibble, flags in the low one.
    public const byte Connect = 0x10;
    public const byte ConnAck = 0x20;
    public const byte Publish = 0x30;
    public const byte PubAck = 0x40;
    public const byte Subscribe = 0x82; // flags 0010 are reserved and required (3.8.1)
    public const byte SubAck = 0x90;
    public const byte PingReq = 0xC0;
    public const byte PingResp = 0xD0;
    public const byte Disconnect = 0xE0;

    /// <summary>The largest Remaining Length a Variable Byte Integer can carry (1.5.5).</summary>
    public const int MaxRemainingLength = 268_435_455;

    // Property identifiers (2.2.2.2) this client writes or reads by name; the rest are skipped by type.
    public const byte SessionExpiryInterval = 0x11;
    public const byte AssignedClientIdentifier = 0x12;
    public const byte ServerKeepAlive = 0x13;
    public const byte ReasonString = 0x1F;
    public const byte ReceiveMaximum = 0x21;
    public const byte TopicAlias = 0x23;
    public const byte MaximumQoS = 0x24;
    public const byte RetainAvailable = 0x25;
    public const byte MaximumPacketSize = 0x27;

    // Protocol Name "MQTT" and Protocol Version 5 (3.1.2.1, 3.1.2.2).
    private static ReadOnlySpan<byte> ProtocolNameAndLevel => [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5];

    public static int VarIntSize(int value) => value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;

    public static int WriteVarInt(Span<byte> destination, int value)
    {
        var i = 0;
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            destination[i++] = value > 0 ? (byte)(digit | 0x80) : digit;
        }
        while (value > 0);

        return i;
    }

    /// <summary>Reads a Variable Byte Integer; false when <paramref name="source"/> ends before it does.</summary>
    /// <exception cref="MqttProtocolException">More than four bytes (1.5.5).</exception>
    public static bool TryReadVarInt(ReadOnlySpan<byte> source, out int value, out int length)
    {
        value = 0;
        for (length = 0; length < 4; length++)
        {
            if (length >= source.Length)
            {
                return false;
            }

            var b = source[length];
            value |= (b & 0x7F) << (7 * length);
            if ((b & 0x80) == 0)
            {
                length++;
                return true;
            }
        }

        throw new MqttProtocolException("a Variable Byte Integer longer than four bytes");
    }

    public static void WriteConnect(IBufferWriter<byte> output, MqttConnectFields connect)
    {
        var clientId = Encoding.UTF8.GetBytes(connect.ClientId);
        var username = connect.Username is null ? null : Encoding.UTF8.GetBytes(connect.Username);
        var password = connect.Password is null ? null : Encoding.UTF8.GetBytes(connect.Password);
        var willTopic = connect.Will is null ? null : Encoding.UTF8.GetBytes(connect.Will.Topic);

        const int properties = 5 + 3 + 5; // session expiry, receive maximum, maximum packet size
        var remaining = 10 + VarIntSize(properties) + properties + 2 + clientId.Length;
        remaining += connect.Will is null ? 0 : 1 + 2 + willTopic!.Length + 2 + connect.Will.Payload.Length;

        remaining += username is null ? 0 : 2 + username.Length;
        remaining += password is null ? 0 : 2 + password.Length;

        var span = output.GetSpan(5 + remaining);
        var w = new SpanWriter(span);
        w.Byte(Connect);
        w.VarInt(remaining);
        w.Bytes(ProtocolNameAndLevel);
        var flags = (byte)(connect.CleanStart ? 0x02 : 0);
        if (connect.Will is { } will)
        {
            flags |= (byte)(0x04 | ((int)will.Qos << 3) | (will.Retain ? 0x20 : 0));
        }

        flags |= (byte)((password is null ? 0 : 0x40) | (username is null ? 0 : 0x80));
        w.Byte(flags);
        w.UInt16(connect.KeepAliveSeconds);
        w.VarInt(properties);
        w.Byte(SessionExpiryInterval);
        w.UInt32(connect.SessionExpirySeconds);
        w.Byte(ReceiveMaximum);
        w.UInt16(connect.ReceiveMaximum);
        w.Byte(MaximumPacketSize);
        w.UInt32((uint)connect.MaximumPacketSize);
        w.Binary(clientId);
        if (connect.Will is not null)
        {
            w.VarInt(0); // will properties
            w.Binary(willTopic!);
            w.Binary(connect.Will.Payload.Span);
        }

        if (username is not null)
        {
            w.Binary(username);
        }

        if (password is not null)
        {
            w.Binary(password);
        }

        output.Advance(w.Position);
    }

    /// <summary>The bytes of a PUBLISH packet: its fixed header, topic and packet identifier, no properties, then the payload.</summary>
    public static int PublishSize(int topicLength, int payloadLength, MqttQos qos, out int remaining)
    {
        remaining = 2 + topicLength + (qos > MqttQos.AtMostOnce ? 2 : 0) + 1 + payloadLength;
        return 1 + VarIntSize(remaining) + remaining;
    }

    public static void WritePublish(IBufferWriter<byte> output, ReadOnlySpan<byte> topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain, ushort packetId)
    {
        var size = PublishSize(topic.Length, payload.Length, qos, out var remaining);
        var w = new SpanWriter(output.GetSpan(size));
        w.Byte((byte)(Publish | ((int)qos << 1) | (retain ? 1 : 0)));
        w.VarInt(remaining);
        w.Binary(topic);
        if (qos > MqttQos.AtMostOnce)
        {
            w.UInt16(packetId);
        }

        w.VarInt(0); // properties
        w.Bytes(payload);
        output.Advance(w.Position);
    }

    /// <summary>A PUBACK with reason Success and no properties: the short form of 3.4.2.1.</summary>
    public static void WritePubAck(IBufferWriter<byte> output, ushort packetId)
    {
        var span = output.GetSpan(4);
        span[0] = PubAck;
        span[1] = 2;
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], packetId);
        output.Advance(4);
    }

    public static void WriteSubscribe(IBufferWriter<byte> output, ushort packetId, IReadOnlyList<MqttSubscription> subscriptions)
    {
        var filters = subscriptions.Select(s => Encoding.UTF8.GetBytes(s.Filter)).ToArray();
        var remaining = 2 + 1 + filters.Sum(f => 2 + f.Length + 1);
        var w = new SpanWriter(output.GetSpan(5 + remaining));
        w.Byte(Subscribe);
        w.VarInt(remaining);
        w.UInt16(packetId);
        w.VarInt(0); // properties
        for (var i = 0; i < filters.Length; i++)
        {
            w.Binary(filters[i]);
            w.Byte((byte)((int)subscriptions[i].Qos | (subscriptions[i].NoLocal ? 0x04 : 0))); // 3.8.3.1
        }

        output.Advance(w.Position);
    }

    public static void WritePingReq(IBufferWriter<byte> output) => WriteEmpty(output, PingReq);

    /// <summary>A DISCONNECT with reason Normal disconnection (the broker discards the will).</summary>
    public static void WriteDisconnect(IBufferWriter<byte> output) => WriteEmpty(output, Disconnect);

    private static void WriteEmpty(IBufferWriter<byte> output, byte type)
    {
        var span = output.GetSpan(2);
        span[0] = type;
        span[1] = 0;
        output.Advance(2);
    }

    /// <summary>Writes big-endian integers, Variable Byte Integers and length-prefixed strings into a span sized beforehand.</summary>
    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;

        public int Position { get; private set; }

        public void Byte(byte value) => _span[Position++] = value;

        public void UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_span[Position..], value);
            Position += 2;
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], value);
            Position += 4;
        }

        public void VarInt(int value) => Position += WriteVarInt(_span[Position..], value);

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[Position..]);
            Position += bytes.Length;
        }

        /// <summary>Two-byte length, then the bytes: UTF-8 strings and binary data alike (1.5.4, 1.5.6).</summary>
        public void Binary(ReadOnlySpan<byte> bytes)
        {
            UInt16(checked((ushort)bytes.Length));
            Bytes(bytes);
        }
    }
}

/// <summary>What a CONNECT packet carries (3.1).</summary>
internal sealed record MqttConnectFields(
    string ClientId,
    bool CleanStart,
    ushort KeepAliveSeconds,
    uint SessionExpirySeconds,
    ushort ReceiveMaximum,
    int MaximumPacketSize,
    MqttWill? Will,
    string? Username,
    string? Password);

/// <summary>Reads the fields of one received packet's variable header and payload (everything after the fixed header).</summary>
internal ref struct MqttPacketReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public readonly int Remaining => _body.Length - _position;

    public byte Byte()
    {
        Need(1);
        return _body[_position++];
    }

    public ushort UInt16()
    {
        Need(2);
        var value = BinaryPrimitives.ReadUInt16BigEndian(_body[_position..]);
        _position += 2;
        return value;
    }

    public uint UInt32()
    {
        Need(4);
        var value = BinaryPrimitives.ReadUInt32BigEndian(_body[_position..]);
        _position += 4;
        return value;
    }

    public int VarInt()
    {
        if (!MqttWire.TryReadVarInt(_body[_position..], out var value, out var length))
        {
            throw new MqttProtocolException("a packet ends inside a Variable Byte Integer");
        }

        _position += length;
        return value;
    }

    /// <summary>A two-byte length and that many bytes (UTF-8 string or binary data).</summary>
    public ReadOnlySpan<byte> Binary()
    {
        int length = UInt16();
        Need(length);
        var bytes = _body.Slice(_position, length);
        _position += length;
        return bytes;
    }

    public ReadOnlySpan<byte> Rest()
    {
        var rest = _body[_position..];
        _position = _body.Length;
        return rest;
    }

    /// <summary>Reads a property list, handing each property this client cares about to <paramref name="onProperty"/>; skips the rest by type.</summary>
    public void Properties(PropertyVisitor? onProperty = null)
    {
        var length = VarInt();
        Need(length);
        var end = _position + length;
        while (_position < end)
        {
            var id = Byte();
            var start = _position;
            SkipProperty(id);
            onProperty?.Invoke(id, _body[start.._position]);
        }

        if (_position != end)
        {
            throw new MqttProtocolException("a property runs past the end of its property list");
        }
    }

    private void SkipProperty(byte id)
    {
        switch (id)
        {
            // Byte
            case 0x01 or 0x17 or 0x19 or 0x24 or 0x25 or 0x28 or 0x29 or 0x2A:
                Byte();
                break;

            // Two Byte Integer
            case 0x13 or 0x21 or 0x22 or 0x23:
                UInt16();
                break;

            // Four Byte Integer
            case 0x02 or 0x11 or 0x18 or 0x27:
                UInt32();
                break;

            // Variable Byte Integer (subscription identifier)
            case 0x0B:
                VarInt();
                break;

            // UTF-8 string or binary data
            case 0x03 or 0x08 or 0x09 or 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F:
                Binary();
                break;

            // UTF-8 string pair (user property)
            case 0x26:
                Binary();
                Binary();
                break;

            default:
                throw new MqttProtocolException($"unknown property identifier 0x{id:X2}");
        }
    }

    private readonly void Need(int count)
    {
        if (count > _body.Length - _position)
        {
            throw new MqttProtocolException("a packet is shorter than its fields");
        }
    }
}

/// <summary>One property as read: its identifier and value bytes (big-endian integers, or a length-prefixed string).</summary>
internal delegate void PropertyVisitor(byte id, ReadOnlySpan<byte> value);
