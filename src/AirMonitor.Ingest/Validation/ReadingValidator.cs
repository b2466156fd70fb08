using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Ingest.Validation;

/// <summary>
/// The outcome of checking one readings message. Either the whole message is rejected (<see cref="Batch"/> is null),
/// or it decoded and <see cref="Accepted"/> holds the samples to store while <see cref="Rejections"/> names the others.
/// </summary>
public sealed record ValidatedMessage(string TopicDevice, ReadingBatch? Batch, IReadOnlyList<Sample> Accepted, IReadOnlyList<Rejection> Rejections)
{
    public bool IsRejectedWhole => Batch is null;
}

/// <summary>Decodes and checks a readings payload against the wire contract and the metric vocabulary. Pure: no I/O, no clock.</summary>
public sealed class ReadingValidator(ValidationOptions options)
{
    public ValidatedMessage Validate(string topicDevice, ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        if (!DeviceId.IsValid(topicDevice))
        {
            return Whole(topicDevice, RejectReason.BadDeviceId, $"topic device '{Truncate(topicDevice)}' is not [A-Za-z0-9_-]{{1,64}}");
        }

        if (payload.Length > options.MaxPayloadBytes)
        {
            return Whole(topicDevice, RejectReason.TooLarge, $"payload of {payload.Length} bytes exceeds {options.MaxPayloadBytes}");
        }

        ReadingBatch batch;
        try
        {
            batch = WireCodec.DecodeReadings(payload);
        }
        catch (JsonException e)
        {
            return Whole(topicDevice, RejectReason.Malformed, e.Message);
        }

        if (!DeviceId.IsValid(batch.Device))
        {
            return Whole(topicDevice, RejectReason.BadDeviceId, $"payload device '{Truncate(batch.Device)}' is not [A-Za-z0-9_-]{{1,64}}");
        }

        if (!string.Equals(batch.Device, topicDevice, StringComparison.Ordinal))
        {
            return Whole(topicDevice, RejectReason.DeviceMismatch, $"payload device '{batch.Device}' differs from topic device '{topicDevice}'");
        }

        if (batch.Seq < 0)
        {
            return Whole(topicDevice, RejectReason.BadSeq, $"seq {batch.Seq} is negative");
        }

        if (batch.Seq > ReadingBatch.MaxSeq)
        {
            return Whole(topicDevice, RejectReason.BadSeq, $"seq {batch.Seq} is above {ReadingBatch.MaxSeq}");
        }

        if (batch.Samples.Count == 0)
        {
            return Whole(topicDevice, RejectReason.EmptyBatch, "no samples");
        }

        if (batch.Samples.Count > options.MaxSamplesPerMessage)
        {
            return Whole(topicDevice, RejectReason.TooManySamples, $"{batch.Samples.Count} samples exceed {options.MaxSamplesPerMessage}");
        }

        var earliest = (now - options.MaxAge).ToUnixTimeMilliseconds();
        var latest = (now + options.FutureTolerance).ToUnixTimeMilliseconds();
        var accepted = new List<Sample>(batch.Samples.Count);
        var rejections = new List<Rejection>();
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            if (CheckSample(batch.Samples[i], earliest, latest) is { } problem)
            {
                rejections.Add(problem with { SampleIndex = i });
            }
            else
            {
                accepted.Add(batch.Samples[i]);
            }
        }

        return new ValidatedMessage(topicDevice, batch, accepted, rejections);
    }

    private static Rejection? CheckSample(Sample sample, long earliestMs, long latestMs)
    {
        if (!DeviceId.IsWellFormed(sample.Sensor))
        {
            return new(RejectReason.BadSensor, $"sensor '{Truncate(sample.Sensor)}' is not [A-Za-z0-9_-]{{1,64}}");
        }

        if (sample.Ts > latestMs)
        {
            return new(RejectReason.FutureTimestamp, $"ts {sample.Ts} is after {latestMs}");
        }

        if (sample.Ts < earliestMs)
        {
            return new(RejectReason.TooOld, $"ts {sample.Ts} is before {earliestMs}");
        }

        if (sample.Values.Count == 0)
        {
            return new(RejectReason.EmptyValues, "no values");
        }

        foreach (var (name, value) in sample.Values)
        {
            if (!MetricVocabulary.TryGet(name, out var metric))
            {
                return new(RejectReason.UnknownMetric, $"metric '{Truncate(name)}' is not in the vocabulary");
            }

            if (!double.IsFinite(value))
            {
                return new(RejectReason.NonFinite, $"{name} is {value}");
            }

            if (!metric.InRange(value))
            {
                return new(RejectReason.OutOfRange, $"{name} {value} {metric.Unit} is outside {metric.Min}..{metric.Max}");
            }
        }

        foreach (var flag in sample.Flags ?? [])
        {
            if (!QualityFlags.IsWellFormed(flag))
            {
                return new(RejectReason.BadFlag, $"flag '{Truncate(flag)}' is not [a-z0-9_]{{1,32}}");
            }
        }

        return null;
    }

    private static ValidatedMessage Whole(string topicDevice, RejectReason reason, string detail) =>
        new(topicDevice, null, [], [new Rejection(reason, detail)]);

    // Details go to logs and dead letters; an attacker's 200 KiB device name does not.
    private static string Truncate(string? text) => text is null ? "(null)" : text.Length <= 80 ? text : text[..80] + "…";
}
