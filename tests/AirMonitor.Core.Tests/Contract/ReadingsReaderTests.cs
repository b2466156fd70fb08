using System.Text;
using System.Text.Json;
using AirMonitor.Core.Contract;
using CsCheck;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Contract;

/// <summary>
/// The hand-written readings reader against the source-generated serializer it replaced on the hot path: the same
/// payloads accepted with the same content, the same refused.
/// </summary>
public class ReadingsReaderTests
{
    // Members repeated, escaped, nested deeper than the contract, and the rest of the serializer's corners.
    public static TheoryData<string> Corners => new()
    {
        """{"device":"d1","device":"d2","seq":1,"seq":2,"samples":[],"samples":[{"ts":1,"sensor":"s","values":{"co":1}}]}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"ts":2,"sensor":"s","values":{"co":1,"co":2},"values":{"o3":3},"flags":["a"],"flags":null}]}""",
        """{"dev\u0069ce":"d\u00e9","seq":1,"samples":[{"ts":1,"sensor":"s\n","values":{"p\u006d2_5":1}}]}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":[null,"warmup"]}]}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":[1]}]}""",
        """{"device":"d1","seq":-0,"samples":[{"ts":-9223372036854775808,"sensor":"","values":{}}]}""",
        """{"device":"d1","seq":1e3,"samples":[]}""",
        """{"device":"d1","seq":1,"samples":[1]}""",
        """{"device":"d1","seq":1,"samples":[[]]}""",
        """{"device":"d1","seq":1,"samples":[],"x":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":-1.5E+2,"no2":0.1e-5}}]}  """,
        """ {"device":"d1","seq":1,"samples":[]}""",
        """{"device":"d1","seq":1,"samples":[]}{}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":true}}]}""",
        """{"device":"d1","seq":true,"samples":[]}""",
        """{"device":[],"seq":1,"samples":[]}""",
        """{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1},"flags":{}}]}""",
        """[{"device":"d1","seq":1,"samples":[]}]""",
        "\"text\"",
        "{}",
    };

    [Theory]
    [MemberData(nameof(Corners))]
    public void Corner_cases_read_as_the_serializer_reads_them(string json)
    {
        AssertSameAsSerializer(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("""{"device":"d1","seq":"1","samples":[]}""", "$.seq is not a number")]
    [InlineData("""{"device":"d1","seq":1.5,"samples":[]}""", "$.seq is not a 64-bit integer")]
    [InlineData("""{"device":"d1","seq":1}""", "$.samples is missing")]
    [InlineData("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{}},{"ts":1,"values":{}}]}""", "$.samples[1].sensor is missing")]
    [InlineData("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{"co":1,"no2":null}}]}""", "$.samples[0].values.no2 is null")]
    [InlineData("""{"device":"d1","seq":1,"samples":[{"ts":1,"sensor":"s","values":{},"flags":["a",2]}]}""", "$.samples[0].flags[1] is not a string")]
    public void A_refusal_names_the_member_by_its_path(string json, string message)
    {
        Assert.Equal(message, Assert.ThrowsAny<JsonException>(() => ReadingsReader.Read(Encoding.UTF8.GetBytes(json))).Message);
    }

    [Fact]
    public void Valid_mutated_and_random_payloads_read_as_the_serializer_reads_them()
    {
        Gen.OneOf(PayloadMutations.ValidFor("bkk-dindaeng-01"), PayloadMutations.TokenMutations, PayloadMutations.ByteMutations, PayloadMutations.RandomBytes)
            .Sample(AssertSameAsSerializer, iter: 100_000);
    }

    private static void AssertSameAsSerializer(byte[] utf8)
    {
        ReadingBatch? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = JsonSerializer.Deserialize(utf8, WireJsonContext.Default.ReadingBatch) ?? throw new JsonException("payload is null");
            if (expected.Samples.Any(s => s is null))
            {
                throw new JsonException("a sample is null");
            }
        }
        catch (JsonException e)
        {
            expectedError = e;
        }

        try
        {
            actual = ReadingsReader.Read(utf8);
        }
        catch (JsonException e)
        {
            actualError = e;
        }

        var payload = Encoding.UTF8.GetString(utf8);
        Assert.True((expectedError is null) == (actualError is null),
            $"serializer: {expectedError?.Message ?? "accepted"}; reader: {actualError?.Message ?? "accepted"}; payload: {payload}");
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.Device, actual.Device);
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.Samples.Count, actual.Samples.Count);
        foreach (var (e, a) in expected.Samples.Zip(actual.Samples))
        {
            Assert.Equal(e.Ts, a.Ts);
            Assert.Equal(e.Sensor, a.Sensor);
            Assert.Equal(e.Values.OrderBy(v => v.Key, StringComparer.Ordinal), a.Values.OrderBy(v => v.Key, StringComparer.Ordinal));
            Assert.Equal(e.Flags, a.Flags);
        }
    }
}
