using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using CsCheck;

namespace AirMonitor.Testing;

/// <summary>CsCheck generators of payloads that satisfy the v1 contract, relative to a fixed ingest clock.</summary>
public static class WireGen
{
    /// <summary>The wire contract example's (docs/architecture.md) <c>ts</c> (2025-11-22T02:00:00Z), used as the ingest's "now".</summary>
    public const long NowMs = 1_763_776_800_000;

    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(NowMs);

    public const string DesignExample = """
        {"device":"bkk-dindaeng-01","seq":1042,
         "samples":[
          {"ts":1763776800000,"sensor":"pms5003","values":{"pm1_0":8.1,"pm2_5":12.4,"pm10":19.0}},
          {"ts":1763776800000,"sensor":"bme280","values":{"temperature":29.4,"humidity":61.2,"pressure":1008.1},
           "flags":["warmup"]}]}
        """;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static readonly Gen<string> Id =
        Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"], 1, DeviceId.MaxLength];

    public static readonly Gen<string> Flag =
        Gen.OneOf(
            Gen.OneOf(QualityFlags.Warmup, QualityFlags.CrcError, QualityFlags.OutOfRange, QualityFlags.Stuck, QualityFlags.HumidityHigh),
            Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789_"], 1, QualityFlags.MaxLength]);

    private static readonly Gen<KeyValuePair<string, double>> Reading =
        from metric in Gen.OneOf([.. MetricVocabulary.All])
        from value in Gen.OneOf(Gen.Const(metric.Min), Gen.Const(metric.Max), Gen.Double[metric.Min, metric.Max])
        select KeyValuePair.Create(metric.Name, value);

    private static readonly Gen<IReadOnlyDictionary<string, double>> Values =
        Reading.Array[1, 8].Select(IReadOnlyDictionary<string, double> (pairs) =>
            pairs.DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

    /// <summary>A sample the validator accepts at <see cref="Now"/> with default options.</summary>
    public static readonly Gen<Sample> ValidSample =
        Gen.Select(
            Gen.Long[NowMs - (long)TimeSpan.FromDays(30).TotalMilliseconds, NowMs + (long)TimeSpan.FromMinutes(5).TotalMilliseconds],
            Id,
            Values,
            Gen.OneOf(Gen.Const((IReadOnlyList<string>?)null), Flag.Array[0, 3].Select(IReadOnlyList<string>? (f) => f)),
            (ts, sensor, values, flags) => new Sample(ts, sensor, values, flags));

    /// <summary>A batch the validator accepts whole at <see cref="Now"/> with default options (seq up to <see cref="ReadingBatch.MaxSeq"/>).</summary>
    public static readonly Gen<ReadingBatch> ValidBatch =
        Gen.Select(Id, Gen.Long[0, ReadingBatch.MaxSeq], ValidSample.Array[1, 6],
            (device, seq, samples) => new ReadingBatch(device, seq, samples));

    /// <summary>Asserts two batches carry the same contract values (records compare collections by reference).</summary>
    public static void AssertSameContent(ReadingBatch expected, ReadingBatch actual)
    {
        Assert.Equal(expected.Device, actual.Device);
        Assert.Equal(expected.Seq, actual.Seq);
        Assert.Equal(expected.Samples.Count, actual.Samples.Count);
        for (var i = 0; i < expected.Samples.Count; i++)
        {
            AssertSameContent(expected.Samples[i], actual.Samples[i]);
        }
    }

    public static void AssertSameContent(Sample expected, Sample actual)
    {
        Assert.Equal(expected.Ts, actual.Ts);
        Assert.Equal(expected.Sensor, actual.Sensor);
        Assert.Equal(
            expected.Values.OrderBy(p => p.Key, StringComparer.Ordinal),
            actual.Values.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.Flags, actual.Flags);
    }
}
