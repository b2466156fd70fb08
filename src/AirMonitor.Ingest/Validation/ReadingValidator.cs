using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Metrics;
using AirMonitor.Core.Stations;

namespace AirMonitor.Ingest.Validation;

/// <summary>
/// The outcome of checking one readings message. Either the whole message is rejected (<see cref="Batch"/> is null),
/// or it decoded and <see cref="Accepted"/> holds the samples to store while <see cref="Rejections"/> names the others.
/// </summary>
public sealed record ValidatedMessage(string TopicDevice, ReadingBatch? Batch, IReadOnlyList<Sample> Accepted, IReadOnlyList<Rejection> Rejections)
{
    public bool IsRejectedWhole => Batch is null;
}

/// <summary>
/// Decodes and checks a readings payload against the wire contract, the metric vocabulary and what the device may write:
/// the sensors and metrics the station registry declares for it, or else at most
/// <see cref="ValidationOptions.MaxSensorsPerDevice"/> sensor names. No I/O, no clock; its one memory is the sensor names
/// of the devices without a declaration (at most <see cref="ValidationOptions.MaxTrackedDevices"/> devices), under a lock:
/// safe to call from any thread.
/// </summary>
public sealed class ReadingValidator(ValidationOptions options, StationRegistry? registry = null)
{
    private readonly StationRegistry _registry = registry ?? StationRegistry.Empty;
    private readonly RecentDevices<HashSet<string>> _sensorsSeen = new(options.MaxTrackedDevices, () => new HashSet<string>(StringComparer.Ordinal));
    private readonly Lock _sensorsSeenLock = new();

    /// <summary>Devices without a declaration whose sensor names are remembered now.</summary>
    public int TrackedDevices
    {
        get
        {
            lock (_sensorsSeenLock)
            {
                return _sensorsSeen.Count;
            }
        }
    }

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
        if (_registry.DeclarationOf(topicDevice) is { } declared)
        {
            return CheckSamples(topicDevice, batch, declared, null, earliest, latest);
        }

        lock (_sensorsSeenLock)
        {
            return CheckSamples(topicDevice, batch, null, _sensorsSeen.Touch(topicDevice), earliest, latest);
        }
    }

    /// <summary>Checks each sample against <paramref name="declared"/>, or else counts its sensor into <paramref name="sensorsSeen"/>.</summary>
    private ValidatedMessage CheckSamples(string topicDevice, ReadingBatch batch, DeclaredSensors? declared, HashSet<string>? sensorsSeen, long earliestMs, long latestMs)
    {
        var accepted = new List<Sample>(batch.Samples.Count);
        var rejections = new List<Rejection>();
        for (var i = 0; i < batch.Samples.Count; i++)
        {
            var sample = batch.Samples[i];
            if ((CheckSample(sample, declared, earliestMs, latestMs) ?? CountSensor(sample.Sensor, sensorsSeen)) is { } problem)
            {
                rejections.Add(problem with { SampleIndex = i });
            }
            else
            {
                accepted.Add(sample);
            }
        }

        return new ValidatedMessage(topicDevice, batch, accepted, rejections);
    }

    // A sensor counts once a sample of it passes every other check: a rejected sample makes no series.
    private Rejection? CountSensor(string sensor, HashSet<string>? sensorsSeen)
    {
        if (sensorsSeen is null || sensorsSeen.Contains(sensor) || (sensorsSeen.Count < options.MaxSensorsPerDevice && sensorsSeen.Add(sensor)))
        {
            return null;
        }

        return new(RejectReason.TooManySensors, $"sensor '{sensor}' is beyond the {options.MaxSensorsPerDevice} sensors a device without a declaration may write");
    }

    private static Rejection? CheckSample(Sample sample, DeclaredSensors? declared, long earliestMs, long latestMs)
    {
        if (!DeviceId.IsWellFormed(sample.Sensor))
        {
            return new(RejectReason.BadSensor, $"sensor '{Truncate(sample.Sensor)}' is not [A-Za-z0-9_-]{{1,64}}");
        }

        IReadOnlySet<string>? declaredMetrics = null;
        if (declared is not null && !declared.TryGetMetrics(sample.Sensor, out declaredMetrics))
        {
            return new(RejectReason.UndeclaredSensor, $"sensor '{sample.Sensor}' is not declared for the device; declared: {Listed(declared.Sensors.Keys)}");
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

            if (declaredMetrics is not null && !declaredMetrics.Contains(name))
            {
                return new(RejectReason.UndeclaredMetric, $"metric '{name}' is not declared for sensor '{sample.Sensor}'; declared: {Listed(declaredMetrics)}");
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

    private static string Listed(IEnumerable<string> names) => string.Join(", ", names.Order(StringComparer.Ordinal));

    // Details go to logs and dead letters; an attacker's 200 KiB device name does not.
    private static string Truncate(string? text) => text is null ? "(null)" : text.Length <= 80 ? text : text[..80] + "…";
}
