using System.Globalization;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Validation;
using static AirMonitor.Core.Tests.Validation.Payloads;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Validation;

/// <summary>Rejections of one sample: the message's other samples are still stored.</summary>
public class ReadingValidatorSampleTests
{
    private const long FiveMinutesMs = 5 * 60 * 1000;
    private const long ThirtyDaysMs = 30L * 24 * 60 * 60 * 1000;

    [Theory]
    [InlineData("\"\"", "")]
    [InlineData("\"pms 5003\"", "pms 5003")]
    [InlineData("\"i2c/0x69\"", "i2c/0x69")]
    [InlineData("\"sen5x.1\"", "sen5x.1")]
    public void Sensor_that_is_not_an_id_is_rejected_as_bad_sensor(string sensorJson, string sensor)
    {
        var rejection = RejectSecondOf(SampleWith(sensor: sensorJson));

        Assert.Equal(RejectReason.BadSensor, rejection.Reason);
        Assert.Equal("bad_sensor", rejection.Code);
        Assert.Equal($"sensor '{sensor}' is not [A-Za-z0-9_-]{{1,64}}", rejection.Detail);
    }

    [Fact]
    public void Sample_without_values_is_rejected_as_empty_values()
    {
        var rejection = RejectSecondOf(SampleWith(valuesJson: ""));

        Assert.Equal(RejectReason.EmptyValues, rejection.Reason);
        Assert.Equal("empty_values", rejection.Code);
        Assert.Equal("no values", rejection.Detail);
    }

    [Theory]
    [InlineData("pm25")]
    [InlineData("PM2_5")]
    [InlineData("temp")]
    [InlineData("")]
    public void Metric_outside_the_vocabulary_is_rejected_as_unknown_metric(string metric)
    {
        var rejection = RejectSecondOf(SampleWith(valuesJson: $"\"pm10\":19.0,\"{metric}\":1"));

        Assert.Equal(RejectReason.UnknownMetric, rejection.Reason);
        Assert.Equal("unknown_metric", rejection.Code);
        Assert.Equal($"metric '{metric}' is not in the vocabulary", rejection.Detail);
    }

    [Theory]
    [InlineData("1e999", "Infinity")]
    [InlineData("-1e999", "-Infinity")]
    [InlineData("123e400", "Infinity")]
    public void Literal_beyond_double_range_is_rejected_as_non_finite_and_not_stored(string literal, string shown)
    {
        var rejection = RejectSecondOf(SampleWith(valuesJson: $"\"pm2_5\":{literal}"));

        Assert.Equal(RejectReason.NonFinite, rejection.Reason);
        Assert.Equal("non_finite", rejection.Code);
        Assert.Equal($"pm2_5 is {shown}", rejection.Detail);
    }

    public static TheoryData<string> MetricNames => [.. MetricVocabulary.All.Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void Value_exactly_at_either_bound_is_accepted(string name)
    {
        Assert.True(MetricVocabulary.TryGet(name, out var metric));

        AcceptAll(Validate(BatchOf(name, metric.Min, metric.Max)));
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void Value_one_step_below_min_is_rejected_as_out_of_range(string name)
    {
        Assert.True(MetricVocabulary.TryGet(name, out var metric));
        var below = Math.BitDecrement(metric.Min);

        var rejection = RejectSecondOf(SampleJson(name, below));

        Assert.Equal(RejectReason.OutOfRange, rejection.Reason);
        Assert.Equal("out_of_range", rejection.Code);
        Assert.Equal(FormattableString.Invariant($"{name} {below} {metric.Unit} is outside {metric.Min}..{metric.Max}"), rejection.Detail);
    }

    [Theory]
    [MemberData(nameof(MetricNames))]
    public void Value_one_step_above_max_is_rejected_as_out_of_range(string name)
    {
        Assert.True(MetricVocabulary.TryGet(name, out var metric));
        var above = Math.BitIncrement(metric.Max);

        var rejection = RejectSecondOf(SampleJson(name, above));

        Assert.Equal("out_of_range", rejection.Code);
        Assert.Equal(FormattableString.Invariant($"{name} {above} {metric.Unit} is outside {metric.Min}..{metric.Max}"), rejection.Detail);
    }

    [Fact]
    public void Out_of_range_detail_reads_as_a_sentence_about_the_value()
    {
        var rejection = RejectSecondOf(SampleWith(valuesJson: "\"humidity\":100.5"));

        Assert.Equal("humidity 100.5 %RH is outside 0..100", rejection.Detail);
    }

    [Fact]
    public void One_bad_value_rejects_its_whole_sample()
    {
        var rejection = RejectSecondOf(SampleWith(valuesJson: "\"pm1_0\":8.1,\"pm2_5\":-1,\"pm10\":19.0"));

        Assert.Equal("out_of_range", rejection.Code);
        Assert.StartsWith("pm2_5 -1 ", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_exactly_at_the_future_tolerance_is_accepted()
    {
        AcceptAll(Validate(Batch(SampleWith(ts: WireGen.NowMs + FiveMinutesMs))));
    }

    [Fact]
    public void Timestamp_one_ms_beyond_the_future_tolerance_is_rejected_as_future_timestamp()
    {
        var ts = WireGen.NowMs + FiveMinutesMs + 1;

        var rejection = RejectSecondOf(SampleWith(ts: ts));

        Assert.Equal(RejectReason.FutureTimestamp, rejection.Reason);
        Assert.Equal("future_timestamp", rejection.Code);
        Assert.Equal($"ts {ts} is after {WireGen.NowMs + FiveMinutesMs}", rejection.Detail);
    }

    [Fact]
    public void Timestamp_exactly_max_age_old_is_accepted()
    {
        AcceptAll(Validate(Batch(SampleWith(ts: WireGen.NowMs - ThirtyDaysMs))));
    }

    [Fact]
    public void Timestamp_one_ms_older_than_max_age_is_rejected_as_too_old()
    {
        var ts = WireGen.NowMs - ThirtyDaysMs - 1;

        var rejection = RejectSecondOf(SampleWith(ts: ts));

        Assert.Equal(RejectReason.TooOld, rejection.Reason);
        Assert.Equal("too_old", rejection.Code);
        Assert.Equal($"ts {ts} is before {WireGen.NowMs - ThirtyDaysMs}", rejection.Detail);
    }

    [Theory]
    [InlineData(0L, "too_old")]
    [InlineData(-1L, "too_old")]
    [InlineData(long.MinValue, "too_old")]
    [InlineData(long.MaxValue, "future_timestamp")]
    [InlineData(1_763_776_800L, "too_old")]
    [InlineData(1_763_776_800_000_000L, "future_timestamp")]
    public void Timestamp_in_the_wrong_unit_or_extreme_is_rejected(long ts, string code)
    {
        Assert.Equal(code, RejectSecondOf(SampleWith(ts: ts)).Code);
    }

    [Fact]
    public void Custom_future_tolerance_takes_effect()
    {
        var options = new ValidationOptions { FutureTolerance = TimeSpan.FromSeconds(10) };

        AcceptAll(Validate(Batch(SampleWith(ts: WireGen.NowMs + 10_000)), options: options));
        Assert.Equal("future_timestamp", RejectSecondOf(SampleWith(ts: WireGen.NowMs + 10_001), options).Code);
    }

    [Fact]
    public void Zero_future_tolerance_accepts_now_and_rejects_one_ms_later()
    {
        var options = new ValidationOptions { FutureTolerance = TimeSpan.Zero };

        AcceptAll(Validate(Batch(SampleWith(ts: WireGen.NowMs)), options: options));
        Assert.Equal("future_timestamp", RejectSecondOf(SampleWith(ts: WireGen.NowMs + 1), options).Code);
    }

    [Fact]
    public void Custom_max_age_takes_effect()
    {
        var options = new ValidationOptions { MaxAge = TimeSpan.FromDays(90) };
        var ninetyDaysMs = 90L * 24 * 60 * 60 * 1000;

        AcceptAll(Validate(Batch(SampleWith(ts: WireGen.NowMs - ninetyDaysMs)), options: options));
        Assert.Equal("too_old", RejectSecondOf(SampleWith(ts: WireGen.NowMs - ninetyDaysMs - 1), options).Code);
    }

    [Theory]
    [InlineData("[\"Warmup\"]", "Warmup")]
    [InlineData("[\"warm-up\"]", "warm-up")]
    [InlineData("[\"\"]", "")]
    [InlineData("[\"abcdefghijklmnopqrstuvwxyz0123456\"]", "abcdefghijklmnopqrstuvwxyz0123456")]
    [InlineData("[\"warmup\",\"bad flag\"]", "bad flag")]
    [InlineData("[null]", "(null)")]
    public void Flag_that_is_not_well_formed_is_rejected_as_bad_flag(string flagsJson, string flag)
    {
        var rejection = RejectSecondOf(SampleWith(flagsJson: flagsJson));

        Assert.Equal(RejectReason.BadFlag, rejection.Reason);
        Assert.Equal("bad_flag", rejection.Code);
        Assert.Equal($"flag '{flag}' is not [a-z0-9_]{{1,32}}", rejection.Detail);
    }

    [Fact]
    public void Unknown_well_formed_flag_is_accepted_for_newer_edges()
    {
        var result = Validate(Batch(SampleWith(flagsJson: "[\"warmup\",\"calibrating_2\",\"abcdefghijklmnopqrstuvwxyz012345\"]")));

        AcceptAll(result);
        Assert.Equal(["warmup", "calibrating_2", "abcdefghijklmnopqrstuvwxyz012345"], result.Accepted[0].Flags);
    }

    [Fact]
    public void Per_sample_rejections_keep_the_other_samples_with_their_indices()
    {
        var samples = new[]
        {
            SampleWith(valuesJson: "\"pm2_5\":10"),                             // 0 good
            SampleWith(valuesJson: "\"pm25\":10"),                              // 1 unknown_metric
            SampleWith(valuesJson: "\"temperature\":21.5", sensor: "\"bme280\""), // 2 good
            SampleWith(ts: WireGen.NowMs + FiveMinutesMs + 1),                  // 3 future_timestamp
            SampleWith(valuesJson: "\"co2\":415", flagsJson: "[\"warmup\"]"),   // 4 good
            SampleWith(valuesJson: "\"co2\":-1"),                               // 5 out_of_range
            SampleWith(valuesJson: "\"o3\":1e999"),                             // 6 non_finite
        };

        var result = Validate(Batch(samples));

        Assert.NotNull(result.Batch);
        Assert.False(result.IsRejectedWhole);
        Assert.Equal(7, result.Batch.Samples.Count);
        Assert.Equal([result.Batch.Samples[0], result.Batch.Samples[2], result.Batch.Samples[4]], result.Accepted);
        Assert.Equal([10.0, 21.5, 415.0], result.Accepted.Select(s => s.Values.Single().Value));
        Assert.Equal(
            [(1, "unknown_metric"), (3, "future_timestamp"), (5, "out_of_range"), (6, "non_finite")],
            result.Rejections.Select(r => (r.SampleIndex!.Value, r.Code)));
    }

    [Fact]
    public void Batch_whose_every_sample_is_rejected_still_decodes_with_no_accepted_samples()
    {
        var result = Validate(Batch(SampleWith(valuesJson: ""), SampleWith(sensor: "\"\"")));

        Assert.NotNull(result.Batch);
        Assert.False(result.IsRejectedWhole);
        Assert.Empty(result.Accepted);
        Assert.Equal([(0, "empty_values"), (1, "bad_sensor")], result.Rejections.Select(r => (r.SampleIndex!.Value, r.Code)));
    }

    private static ReadingBatch BatchOf(string metric, params double[] values) =>
        new(Device, 1, [.. values.Select(v => new Sample(WireGen.NowMs, "s1", new Dictionary<string, double> { [metric] = v }))]);

    private static string SampleJson(string metric, double value) =>
        SampleWith(valuesJson: $"\"{metric}\":{value.ToString("R", CultureInfo.InvariantCulture)}");
}
