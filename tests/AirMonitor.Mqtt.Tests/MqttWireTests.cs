using System.Buffers;
using System.Text;

namespace AirMonitor.Mqtt.Tests;

/// <summary>The packets as the MQTT 5.0 standard (OASIS, 7 March 2019) lays them out, byte for byte.</summary>
public sealed class MqttWireTests
{
    // Table 1-1 "Size of Variable Byte Integer" (1.5.5): the edges of each length.
    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_151, new byte[] { 0xFF, 0xFF, 0x7F })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void Variable_byte_integers_are_encoded_and_read_as_table_1_1_gives_them(int value, byte[] encoded)
    {
        var written = new byte[4];
        Assert.Equal(encoded, written[..MqttWire.WriteVarInt(written, value)]);
        Assert.Equal(encoded.Length, MqttWire.VarIntSize(value));
        Assert.True(MqttWire.TryReadVarInt(encoded, out var read, out var length));
        Assert.Equal((value, encoded.Length), (read, length));
    }

    [Fact]
    public void A_variable_byte_integer_cut_short_is_incomplete_and_a_fifth_byte_is_malformed()
    {
        Assert.False(MqttWire.TryReadVarInt([0x80, 0x80], out _, out _));
        Assert.Throws<MqttProtocolException>(() => MqttWire.TryReadVarInt([0x80, 0x80, 0x80, 0x80, 0x01], out _, out _));
    }

    // Figure 3-6, "Variable Header example" of CONNECT (3.1.2.11): protocol name, version 5, flags 206 (user name,
    // password, will QoS 1, will flag, clean start), keep alive 10; then the properties, here ours.
    [Fact]
    public void Connect_starts_with_the_variable_header_of_figure_3_6()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WriteConnect(output, new MqttConnectFields("dev-01", CleanStart: true, KeepAliveSeconds: 10, SessionExpirySeconds: 10,
            ReceiveMaximum: 5000, MaximumPacketSize: 1_048_576, new MqttWill("w", "x"u8.ToArray(), Retain: false), "user", "pw"));
        var packet = output.WrittenSpan;

        Assert.Equal(MqttWire.Connect, packet[0]);
        Assert.True(MqttWire.TryReadVarInt(packet[1..], out var remaining, out var lengthBytes));
        Assert.Equal(packet.Length, 1 + lengthBytes + remaining);
        var body = packet[(1 + lengthBytes)..];
        Assert.Equal(new byte[] { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 206, 0, 10 }, body[..10].ToArray());

        // Properties: session expiry 10 (0x11), receive maximum 5000 (0x21), maximum packet size 1 MiB (0x27).
        Assert.Equal(new byte[] { 13, 0x11, 0, 0, 0, 10, 0x21, 0x13, 0x88, 0x27, 0, 0x10, 0, 0 }, body[10..24].ToArray());

        // Payload (3.1.3): client id, will properties (none), will topic, will payload, user name, password.
        byte[] payload = [0, 6, (byte)'d', (byte)'e', (byte)'v', (byte)'-', (byte)'0', (byte)'1', 0, 0, 1, (byte)'w', 0, 1, (byte)'x',
            0, 4, (byte)'u', (byte)'s', (byte)'e', (byte)'r', 0, 2, (byte)'p', (byte)'w'];
        Assert.Equal(payload, body[24..].ToArray());
    }

    [Fact]
    public void Connect_without_credentials_or_will_sets_only_the_session_flags()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WriteConnect(output, new MqttConnectFields("i", CleanStart: false, 30, 0, 10, 2048, null, null, null));
        Assert.Equal(0, output.WrittenSpan[2 + 7]);
        Assert.Equal(new byte[] { 0, 1, (byte)'i' }, output.WrittenSpan[^3..].ToArray());
    }

    // 3.3: fixed header 0x30 | QoS << 1 | RETAIN, topic name, packet identifier (QoS > 0), properties, payload.
    [Fact]
    public void A_retained_qos_1_publish_has_its_flags_topic_packet_identifier_and_empty_properties()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WritePublish(output, "a/b"u8, "hi"u8, MqttQos.AtLeastOnce, retain: true, packetId: 10);
        Assert.Equal(new byte[] { 0x33, 10, 0, 3, (byte)'a', (byte)'/', (byte)'b', 0, 10, 0, (byte)'h', (byte)'i' }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_qos_0_publish_has_no_packet_identifier()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WritePublish(output, "t"u8, [], MqttQos.AtMostOnce, retain: false, packetId: 0);
        Assert.Equal(new byte[] { 0x30, 4, 0, 1, (byte)'t', 0 }, output.WrittenSpan.ToArray());
    }

    // 3.4.2.1: "The Reason Code and Property Length can be omitted if the Reason Code is 0x00 (Success) and there are no Properties".
    [Fact]
    public void A_puback_of_success_is_four_bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WritePubAck(output, 0x1234);
        Assert.Equal(new byte[] { 0x40, 2, 0x12, 0x34 }, output.WrittenSpan.ToArray());
    }

    // 3.8: fixed header 0x82, packet identifier, properties, then each filter with its options byte (QoS, bit 2 No Local).
    [Fact]
    public void Subscribe_writes_each_filter_with_its_options()
    {
        var output = new ArrayBufferWriter<byte>();
        MqttWire.WriteSubscribe(output, 7, [new("a/#"), new("b", MqttQos.AtMostOnce, NoLocal: true)]);
        Assert.Equal(new byte[] { 0x82, 13, 0, 7, 0, 0, 3, (byte)'a', (byte)'/', (byte)'#', 0x01, 0, 1, (byte)'b', 0x04 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void The_reader_skips_every_property_type_and_hands_over_the_ones_asked_for()
    {
        // receive maximum 20, user property ("k", "v"), reason string "r", maximum packet size 1024
        byte[] body = [19, 0x21, 0, 20, 0x26, 0, 1, (byte)'k', 0, 1, (byte)'v', 0x1F, 0, 1, (byte)'r', 0x27, 0, 0, 4, 0, 0xAA];
        var reader = new MqttPacketReader(body);
        var seen = new List<(byte, string)>();
        reader.Properties((id, value) => seen.Add((id, Convert.ToHexString(value))));
        Assert.Equal([(0x21, "0014"), (0x26, "00016B000176"), (0x1F, "000172"), (0x27, "00000400")], seen);
        Assert.Equal(0xAA, reader.Byte());
    }

    [Fact]
    public void An_unknown_property_or_a_short_packet_is_a_protocol_error()
    {
        Assert.Throws<MqttProtocolException>(() => new MqttPacketReader([2, 0x7F, 0]).Properties());
        Assert.Throws<MqttProtocolException>(() => new MqttPacketReader([0, 5, (byte)'a']).Binary().ToArray());
    }
}
