using AirMonitor.Core.Contract;
using AirMonitor.Core.Validation;
using AirMonitor.Testing;

namespace AirMonitor.Core.Tests.Validation;

/// <summary>Builds readings payloads around one sample under test and validates them at <see cref="WireGen.Now"/>.</summary>
internal static class Payloads
{
    public const string Device = "bkk-dindaeng-01";

    /// <summary>A sample every check accepts; tests put it before the sample under test to prove it survives.</summary>
    public const string GoodSample = """{"ts":1763776800000,"sensor":"pms5003","values":{"pm2_5":12.4}}""";

    public static string Batch(params string[] samples) =>
        $$"""{"device":"{{Device}}","seq":1042,"samples":[{{string.Join(",", samples)}}]}""";

    public static string SampleWith(string valuesJson = "\"pm2_5\":12.4", long ts = WireGen.NowMs, string sensor = "\"pms5003\"", string? flagsJson = null) =>
        $$"""{"ts":{{ts}},"sensor":{{sensor}},"values":{{{valuesJson}}}{{(flagsJson is null ? "" : $",\"flags\":{flagsJson}")}}}""";

    public static ValidatedMessage Validate(string json, string topicDevice = Device, ValidationOptions? options = null) =>
        Validate(WireGen.Utf8(json), topicDevice, options);

    public static ValidatedMessage Validate(byte[] payload, string topicDevice = Device, ValidationOptions? options = null) =>
        new ReadingValidator(options ?? new ValidationOptions()).Validate(topicDevice, payload, WireGen.Now);

    public static ValidatedMessage Validate(ReadingBatch batch, ValidationOptions? options = null) =>
        Validate(WireCodec.Encode(batch), batch.Device, options);

    /// <summary>Validates <c>[GoodSample, sample]</c> and asserts that only the second is rejected; returns its rejection.</summary>
    public static Rejection RejectSecondOf(string sample, ValidationOptions? options = null)
    {
        var result = Validate(Batch(GoodSample, sample), options: options);

        Assert.NotNull(result.Batch);
        Assert.False(result.IsRejectedWhole);
        var kept = Assert.Single(result.Accepted);
        Assert.Same(result.Batch.Samples[0], kept);
        var rejection = Assert.Single(result.Rejections);
        Assert.Equal(1, rejection.SampleIndex);
        return rejection;
    }

    /// <summary>Validates a payload and asserts the whole message is rejected; returns the one rejection.</summary>
    public static Rejection RejectWhole(ValidatedMessage result, string topicDevice = Device)
    {
        Assert.True(result.IsRejectedWhole);
        Assert.Null(result.Batch);
        Assert.Empty(result.Accepted);
        Assert.Equal(topicDevice, result.TopicDevice);
        var rejection = Assert.Single(result.Rejections);
        Assert.Null(rejection.SampleIndex);
        return rejection;
    }

    public static void AcceptAll(ValidatedMessage result)
    {
        Assert.NotNull(result.Batch);
        Assert.Empty(result.Rejections);
        Assert.Equal(result.Batch.Samples, result.Accepted);
    }
}
