using System.Text;
using AirMonitor.Core.Contract;
using AirMonitor.Ingest.Validation;
using AirMonitor.Testing;
using CsCheck;
using static AirMonitor.Ingest.Tests.Validation.Payloads;

namespace AirMonitor.Ingest.Tests.Validation;

/// <summary>Rejections of a whole message: nothing of it is stored.</summary>
public class ReadingValidatorMessageTests
{
    [Fact]
    public void Design_example_is_accepted_whole()
    {
        var result = Validate(WireGen.DesignExample);

        AcceptAll(result);
        Assert.Equal(2, result.Accepted.Count);
        Assert.Equal("bkk-dindaeng-01", result.TopicDevice);
        Assert.Equal(1042, result.Batch!.Seq);
    }

    [Fact]
    public void Payload_over_max_size_is_rejected_as_too_large()
    {
        var options = new ValidationOptions();
        var payload = Encoding.UTF8.GetBytes(Batch(GoodSample).PadRight(options.MaxPayloadBytes + 1));

        var rejection = RejectWhole(Validate(payload, options: options));

        Assert.Equal(RejectReason.TooLarge, rejection.Reason);
        Assert.Equal("too_large", rejection.Code);
        Assert.Equal($"payload of {256 * 1024 + 1} bytes exceeds {256 * 1024}", rejection.Detail);
    }

    [Fact]
    public void Payload_of_exactly_max_size_is_read()
    {
        var options = new ValidationOptions();
        var payload = Encoding.UTF8.GetBytes(Batch(GoodSample).PadRight(options.MaxPayloadBytes));

        AcceptAll(Validate(payload, options: options));
    }

    [Fact]
    public void Too_large_payload_is_rejected_unread_even_if_it_is_not_json()
    {
        var rejection = RejectWhole(Validate(new byte[300 * 1024]));

        Assert.Equal("too_large", rejection.Code);
    }

    [Fact]
    public void Custom_max_payload_size_takes_effect()
    {
        var options = new ValidationOptions { MaxPayloadBytes = 2048 };
        var atLimit = Encoding.UTF8.GetBytes(Batch(GoodSample).PadRight(2048));
        var overLimit = Encoding.UTF8.GetBytes(Batch(GoodSample).PadRight(2049));

        AcceptAll(Validate(atLimit, options: options));
        var rejection = RejectWhole(Validate(overLimit, options: options));
        Assert.Equal("too_large", rejection.Code);
        Assert.Equal("payload of 2049 bytes exceeds 2048", rejection.Detail);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"device":"bkk-dindaeng-01","seq":1042,"samples":[{"ts":1763776800000,"sens""")]
    [InlineData("null")]
    [InlineData("")]
    [InlineData("""{"device":"bkk-dindaeng-01","samples":[]}""")]
    [InlineData("""{"device":"bkk-dindaeng-01","seq":"1042","samples":[]}""")]
    [InlineData("""{"device":null,"seq":1042,"samples":[]}""")]
    [InlineData("""{"device":"bkk-dindaeng-01","seq":1042,"samples":[null]}""")]
    [InlineData("""{"device":"bkk-dindaeng-01","seq":1042,"samples":[{"ts":1763776800000,"sensor":"s","values":{"pm2_5":NaN}}]}""")]
    public void Payload_that_does_not_decode_is_rejected_as_malformed(string json)
    {
        var rejection = RejectWhole(Validate(json));

        Assert.Equal(RejectReason.Malformed, rejection.Reason);
        Assert.Equal("malformed", rejection.Code);
        Assert.False(string.IsNullOrWhiteSpace(rejection.Detail));
    }

    [Fact]
    public void Malformed_detail_points_at_the_offending_member()
    {
        var rejection = RejectWhole(Validate("""{"device":"bkk-dindaeng-01","seq":"1042","samples":[]}"""));

        Assert.Contains("$.seq", rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_sample_is_rejected_as_malformed_naming_its_index()
    {
        var rejection = RejectWhole(Validate(Batch(GoodSample, "null")));

        Assert.Equal("malformed", rejection.Code);
        Assert.Equal("samples[1] is null", rejection.Detail);
    }

    [Theory]
    [InlineData("bad device")]
    [InlineData("site/d1")]
    [InlineData("+")]
    [InlineData("")]
    public void Invalid_topic_device_is_rejected_as_bad_device_id(string topicDevice)
    {
        var rejection = RejectWhole(Validate(WireGen.DesignExample, topicDevice), topicDevice);

        Assert.Equal(RejectReason.BadDeviceId, rejection.Reason);
        Assert.Equal("bad_device_id", rejection.Code);
        Assert.Equal($"topic device '{topicDevice}' is not [A-Za-z0-9_-]{{1,64}}", rejection.Detail);
    }

    [Fact]
    public void Invalid_topic_device_is_rejected_before_the_payload_is_read()
    {
        var rejection = RejectWhole(Validate(new byte[300 * 1024], "a b"), "a b");

        Assert.Equal("bad_device_id", rejection.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bkk dindaeng 01")]
    [InlineData("bkk.dindaeng.01")]
    [InlineData("bkk/dindaeng/01")]
    public void Invalid_payload_device_is_rejected_as_bad_device_id(string payloadDevice)
    {
        var json = WireGen.DesignExample.Replace("\"bkk-dindaeng-01\"", $"\"{payloadDevice}\"", StringComparison.Ordinal);

        var rejection = RejectWhole(Validate(json));

        Assert.Equal("bad_device_id", rejection.Code);
        Assert.Equal($"payload device '{payloadDevice}' is not [A-Za-z0-9_-]{{1,64}}", rejection.Detail);
    }

    [Fact]
    public void Huge_invalid_device_is_truncated_in_the_detail()
    {
        var hugeDevice = new string('x', 10_000) + "!";
        var json = WireGen.DesignExample.Replace("\"bkk-dindaeng-01\"", $"\"{hugeDevice}\"", StringComparison.Ordinal);

        var rejection = RejectWhole(Validate(json));

        Assert.Equal("bad_device_id", rejection.Code);
        Assert.Equal($"payload device '{new string('x', 80)}…' is not [A-Za-z0-9_-]{{1,64}}", rejection.Detail);
    }

    [Fact]
    public void Payload_device_other_than_topic_device_is_rejected_as_device_mismatch()
    {
        var rejection = RejectWhole(Validate(WireGen.DesignExample, "bkk-dindaeng-02"), "bkk-dindaeng-02");

        Assert.Equal(RejectReason.DeviceMismatch, rejection.Reason);
        Assert.Equal("device_mismatch", rejection.Code);
        Assert.Equal("payload device 'bkk-dindaeng-01' differs from topic device 'bkk-dindaeng-02'", rejection.Detail);
    }

    [Fact]
    public void Device_match_is_case_sensitive()
    {
        var rejection = RejectWhole(Validate(WireGen.DesignExample, "BKK-DINDAENG-01"), "BKK-DINDAENG-01");

        Assert.Equal("device_mismatch", rejection.Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    public void Negative_seq_is_rejected_as_bad_seq(long seq)
    {
        var rejection = RejectWhole(Validate(WireGen.DesignExample.Replace("1042", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        Assert.Equal(RejectReason.BadSeq, rejection.Reason);
        Assert.Equal("bad_seq", rejection.Code);
        Assert.Equal($"seq {seq} is negative", rejection.Detail);
    }

    [Theory]
    [InlineData(9_007_199_254_740_992)]
    [InlineData(long.MaxValue)]
    public void Seq_above_two_to_the_53_minus_one_is_rejected_as_bad_seq(long seq)
    {
        var rejection = RejectWhole(Validate(WireGen.DesignExample.Replace("1042", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        Assert.Equal(RejectReason.BadSeq, rejection.Reason);
        Assert.Equal($"seq {seq} is above 9007199254740991", rejection.Detail);
    }

    [Fact]
    public void More_samples_than_the_limit_are_rejected_whole_as_too_many_samples()
    {
        var samples = string.Join(',', Enumerable.Repeat("""{"ts":1763776800000,"sensor":"pms5003","values":{"pm2_5":12.4}}""", 1001));

        var rejection = RejectWhole(Validate($$"""{"device":"bkk-dindaeng-01","seq":7,"samples":[{{samples}}]}"""));

        Assert.Equal(RejectReason.TooManySamples, rejection.Reason);
        Assert.Equal("too_many_samples", rejection.Code);
        Assert.Equal("1001 samples exceed 1000", rejection.Detail);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReadingBatch.MaxSeq)]
    public void Seq_from_zero_to_two_to_the_53_minus_one_is_accepted(long seq)
    {
        var result = Validate(WireGen.DesignExample.Replace("1042", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        AcceptAll(result);
        Assert.Equal(seq, result.Batch!.Seq);
    }

    [Fact]
    public void Batch_without_samples_is_rejected_as_empty_batch()
    {
        var rejection = RejectWhole(Validate(Batch()));

        Assert.Equal(RejectReason.EmptyBatch, rejection.Reason);
        Assert.Equal("empty_batch", rejection.Code);
        Assert.Equal("no samples", rejection.Detail);
    }

    [Fact]
    public void Unknown_members_do_not_cause_a_rejection()
    {
        var json = """{"device":"bkk-dindaeng-01","schema":2,"seq":1042,"samples":[{"ts":1763776800000,"sensor":"pms5003","values":{"pm2_5":12.4},"quality":0.9}]}""";

        AcceptAll(Validate(json));
    }

    [Fact]
    public void Every_valid_batch_is_accepted_whole()
    {
        WireGen.ValidBatch.Sample(batch =>
        {
            var result = Validate(batch);

            AcceptAll(result);
            WireGen.AssertSameContent(batch, result.Batch!);
        }, iter: 500);
    }
}
