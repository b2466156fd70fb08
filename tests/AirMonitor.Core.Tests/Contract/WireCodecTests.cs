using System.Text;
using System.Text.Json;
using AirMonitor.Core.Contract;
using CsCheck;
using static AirMonitor.Testing.WireGen;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Contract;

public class WireCodecTests
{
    [Fact]
    public void Design_example_payload_decodes_to_its_values()
    {
        var batch = WireCodec.DecodeReadings(Utf8(DesignExample));

        Assert.Equal("bkk-dindaeng-01", batch.Device);
        Assert.Equal(1042, batch.Seq);
        Assert.Equal(2, batch.Samples.Count);

        var pms = batch.Samples[0];
        Assert.Equal(1_763_776_800_000, pms.Ts);
        Assert.Equal("pms5003", pms.Sensor);
        Assert.Equal(3, pms.Values.Count);
        Assert.Equal(8.1, pms.Values["pm1_0"]);
        Assert.Equal(12.4, pms.Values["pm2_5"]);
        Assert.Equal(19.0, pms.Values["pm10"]);
        Assert.Null(pms.Flags);

        var bme = batch.Samples[1];
        Assert.Equal(1_763_776_800_000, bme.Ts);
        Assert.Equal("bme280", bme.Sensor);
        Assert.Equal(3, bme.Values.Count);
        Assert.Equal(29.4, bme.Values["temperature"]);
        Assert.Equal(61.2, bme.Values["humidity"]);
        Assert.Equal(1008.1, bme.Values["pressure"]);
        Assert.Equal([QualityFlags.Warmup], bme.Flags);
    }

    [Fact]
    public void Encode_then_decode_returns_the_same_batch()
    {
        ValidBatch.Sample(batch => AssertSameContent(batch, WireCodec.DecodeReadings(WireCodec.Encode(batch))), iter: 500);
    }

    [Fact]
    public void Decoded_design_example_encodes_back_to_the_same_json_document()
    {
        var encoded = WireCodec.Encode(WireCodec.DecodeReadings(Utf8(DesignExample)));

        using var expected = JsonDocument.Parse(DesignExample);
        using var actual = JsonDocument.Parse(encoded);
        Assert.True(JsonElement.DeepEquals(expected.RootElement, actual.RootElement), Encoding.UTF8.GetString(encoded));
    }

    [Fact]
    public void Encoded_readings_use_the_contract_member_names_and_omit_null_flags()
    {
        var batch = new ReadingBatch("d-1", 7,
        [
            new Sample(1_000, "pms5003", new Dictionary<string, double> { ["pm2_5"] = 12.5 }),
            new Sample(2_000, "bme280", new Dictionary<string, double> { ["temperature"] = -3.25 }, [QualityFlags.Warmup, QualityFlags.Stuck]),
        ]);

        var json = Encoding.UTF8.GetString(WireCodec.Encode(batch));

        Assert.Equal(
            """{"device":"d-1","seq":7,"samples":[{"ts":1000,"sensor":"pms5003","values":{"pm2_5":12.5}},"""
            + """{"ts":2000,"sensor":"bme280","values":{"temperature":-3.25},"flags":["warmup","stuck"]}]}""",
            json);
    }

    [Fact]
    public void Encoded_readings_member_names_are_exactly_the_contract_names()
    {
        using var doc = JsonDocument.Parse(WireCodec.Encode(new ReadingBatch("d1", 1,
            [new Sample(5, "s", new Dictionary<string, double> { ["co2"] = 400 }, ["warmup"])])));

        Assert.Equal(["device", "seq", "samples"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var sample = doc.RootElement.GetProperty("samples")[0];
        Assert.Equal(["ts", "sensor", "values", "flags"], sample.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Absent_flags_decode_as_null_and_explicit_null_flags_too()
    {
        var absent = WireCodec.DecodeReadings(Utf8("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}"""));
        var explicitNull = WireCodec.DecodeReadings(Utf8("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":null}]}"""));
        var empty = WireCodec.DecodeReadings(Utf8("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":[]}]}"""));

        Assert.Null(absent.Samples[0].Flags);
        Assert.Null(explicitNull.Samples[0].Flags);
        Assert.NotNull(empty.Samples[0].Flags);
        Assert.Empty(empty.Samples[0].Flags!);
    }

    public static TheoryData<string, string> NotAReadingsPayload => new()
    {
        { "no seq", """{"device":"d1","samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "no device", """{"seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "no samples", """{"device":"d1","seq":1}""" },
        { "no ts", """{"device":"d1","seq":1,"samples":[{"sensor":"s","values":{"co":1}}]}""" },
        { "no sensor", """{"device":"d1","seq":1,"samples":[{"ts":1,"values":{"co":1}}]}""" },
        { "no values", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s"}]}""" },
        { "null device", """{"device":null,"seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "null seq", """{"device":"d1","seq":null,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "null samples", """{"device":"d1","seq":1,"samples":null}""" },
        { "null sample", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}},null]}""" },
        { "null sensor", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":null,"values":{"co":1}}]}""" },
        { "null values", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":null}]}""" },
        { "null value", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":null}}]}""" },
        { "string seq", """{"device":"d1","seq":"1","samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "fractional seq", """{"device":"d1","seq":1.5,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "seq beyond long", """{"device":"d1","seq":9223372036854775808,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "string ts", """{"device":"d1","seq":1,"samples":[{"ts":"2025-11-22T02:00:00Z","sensor":"s","values":{"co":1}}]}""" },
        { "numeric device", """{"device":42,"seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "string value", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":"1"}}]}""" },
        { "NaN literal", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":NaN}}]}""" },
        { "string NaN", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":"NaN"}}]}""" },
        { "samples as object", """{"device":"d1","seq":1,"samples":{"ts":1,"sensor":"s","values":{"co":1}}}""" },
        { "values as array", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":[1]}]}""" },
        { "flags as string", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":"warmup"}]}""" },
        { "PascalCase members", """{"Device":"d1","Seq":1,"Samples":[{"Ts":1,"Sensor":"s","Values":{"co":1}}]}""" },
        { "truncated", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","val""" },
        { "trailing garbage", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]} x""" },
        { "comment", """{"device":"d1",/* c */"seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""" },
        { "trailing comma", """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}}],}""" },
        { "json null", "null" },
        { "json array", "[]" },
        { "json number", "42" },
        { "not json", "device=d1 seq=1" },
        { "empty", "" },
        { "whitespace", "  \n " },
    };

    [Theory]
    [MemberData(nameof(NotAReadingsPayload))]
    public void Payload_that_is_not_a_readings_message_throws_JsonException(string why, string json)
    {
        var e = Assert.ThrowsAny<JsonException>(() => WireCodec.DecodeReadings(Utf8(json)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message), why);
    }

    [Fact]
    public void Null_sample_in_samples_throws_JsonException_naming_its_index()
    {
        var e = Assert.ThrowsAny<JsonException>(() => WireCodec.DecodeReadings(Utf8(
            """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1}},null]}""")));

        Assert.Equal("samples[1] is null", e.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_throws_JsonException()
    {
        var bytes = Utf8("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s?","values":{"co":1}}]}""");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        Assert.ThrowsAny<JsonException>(() => WireCodec.DecodeReadings(bytes));
    }

    [Fact]
    public void Unknown_members_are_ignored_at_every_level()
    {
        var batch = WireCodec.DecodeReadings(Utf8("""
            {"v":2,"device":"d1","fw":{"version":"2.1","build":[1,2]},"seq":9,
             "samples":[{"ts":5,"unit_hint":"ug/m3","sensor":"sps30","values":{"pm2_5":3.5},"extra":null,"flags":["warmup"]}],
             "signature":"abc"}
            """));

        Assert.Equal("d1", batch.Device);
        Assert.Equal(9, batch.Seq);
        var sample = Assert.Single(batch.Samples);
        Assert.Equal(5, sample.Ts);
        Assert.Equal("sps30", sample.Sensor);
        Assert.Equal(3.5, Assert.Single(sample.Values).Value);
        Assert.Equal(["warmup"], sample.Flags);
    }

    [Fact]
    public void Members_may_come_in_any_order()
    {
        var batch = WireCodec.DecodeReadings(Utf8("""{"samples":[{"values":{"o3":12},"sensor":"s","ts":3}],"seq":2,"device":"d1"}"""));

        Assert.Equal("d1", batch.Device);
        Assert.Equal(2, batch.Seq);
        Assert.Equal(3, batch.Samples[0].Ts);
        Assert.Equal(12, batch.Samples[0].Values["o3"]);
    }

    [Theory]
    [InlineData("1e999", double.PositiveInfinity)]
    [InlineData("-1e999", double.NegativeInfinity)]
    public void Number_literal_beyond_double_range_decodes_to_infinity(string literal, double expected)
    {
        // JSON has no NaN/Infinity literal; an overflowing literal is the one way a non-finite value reaches the ingest.
        var batch = WireCodec.DecodeReadings(Utf8($$$"""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":{{{literal}}}}}]}"""));

        Assert.Equal(expected, batch.Samples[0].Values["co"]);
    }

    [Fact]
    public void Number_literal_below_double_precision_decodes_to_zero()
    {
        var batch = WireCodec.DecodeReadings(Utf8("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1e-999}}]}"""));

        Assert.Equal(0.0, batch.Samples[0].Values["co"]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Encoding_a_non_finite_value_throws_instead_of_writing_invalid_json(double value)
    {
        var batch = new ReadingBatch("d1", 1, [new Sample(1, "s", new Dictionary<string, double> { ["co"] = value })]);

        Assert.Throws<ArgumentException>(() => WireCodec.Encode(batch));
    }

    [Fact]
    public void Ack_encodes_with_contract_member_names()
    {
        var ack = new AckMessage("bkk-dindaeng-01", [1041, 1042], [new RejectedSeq(1043, "malformed")]);

        Assert.Equal(
            """{"device":"bkk-dindaeng-01","stored":[1041,1042],"rejected":[{"seq":1043,"reason":"malformed"}]}""",
            Encoding.UTF8.GetString(WireCodec.Encode(ack)));
    }

    [Fact]
    public void Ack_encode_then_decode_returns_the_same_ack()
    {
        Gen.Select(WireGen.Id, Gen.Long[0, long.MaxValue].Array[0, 20], Gen.Select(Gen.Long[0, long.MaxValue], Gen.OneOf("malformed", "too_large", "out_of_range")).Array[0, 5])
            .Sample((device, stored, rejected) =>
            {
                var ack = new AckMessage(device, stored, [.. rejected.Select(r => new RejectedSeq(r.Item1, r.Item2))]);

                var decoded = WireCodec.DecodeAck(WireCodec.Encode(ack));

                Assert.Equal(ack.Device, decoded.Device);
                Assert.Equal(ack.Stored, decoded.Stored);
                Assert.Equal(ack.Rejected, decoded.Rejected);
            }, iter: 300);
    }

    [Theory]
    [InlineData("""{"stored":[1],"rejected":[]}""")]
    [InlineData("""{"device":"d1","rejected":[]}""")]
    [InlineData("""{"device":"d1","stored":[1]}""")]
    [InlineData("""{"device":"d1","stored":[null],"rejected":[]}""")]
    [InlineData("""{"device":"d1","stored":[1],"rejected":[null]}""")]
    [InlineData("""{"device":"d1","stored":[1],"rejected":[{"seq":2}]}""")]
    [InlineData("null")]
    [InlineData("ack")]
    public void Payload_that_is_not_an_ack_throws_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => WireCodec.DecodeAck(Utf8(json)));
    }
}
