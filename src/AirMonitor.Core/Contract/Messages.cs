namespace AirMonitor.Core.Contract;

/// <summary>One <c>readings</c> message: a batch of samples from one device, numbered by <see cref="Seq"/>.</summary>
/// <param name="Device">Must equal the topic's <c>{device}</c>.</param>
/// <param name="Seq">Per device, strictly increasing per message, persisted across reboots.</param>
public sealed record ReadingBatch(string Device, long Seq, IReadOnlyList<Sample> Samples)
{
    /// <summary>The most samples a message carries: the edge packs no more, the ingest rejects more (<c>too_many_samples</c>).</summary>
    public const int MaxSamples = 1000;

    /// <summary>
    /// The largest seq: 2^53 − 1, the largest integer every JSON reader keeps exact. A device at it has sent a message a
    /// second for 285 million years; above it a seq account's <c>last + 1</c> could wrap (<c>long.MaxValue</c> did).
    /// </summary>
    public const long MaxSeq = (1L << 53) - 1;
}

/// <summary>One sensor's values at one moment.</summary>
/// <param name="Ts">Epoch milliseconds UTC, the moment of measurement (never the time of sending).</param>
/// <param name="Values">Metric name → value in the metric's canonical unit (<see cref="MetricVocabulary"/>).</param>
/// <param name="Flags">Quality flags set at the edge (<see cref="QualityFlags"/>).</param>
public sealed record Sample(long Ts, string Sensor, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string>? Flags = null);

/// <summary>
/// The ingest's answer on <c>airmon/v1/{device}/ack</c>: these seqs are settled and may leave the outbox,
/// <see cref="Stored"/> durably in InfluxDB, <see cref="Rejected"/> kept in the dead-letter store with a reason.
/// </summary>
public sealed record AckMessage(string Device, IReadOnlyList<long> Stored, IReadOnlyList<RejectedSeq> Rejected);

public sealed record RejectedSeq(long Seq, string Reason);

/// <summary>
/// A device's retained <c>airmon/v1/{device}/status</c>: published on connect and periodically, and (with
/// <see cref="State"/> <c>offline</c>) as its MQTT last will.
/// </summary>
/// <param name="State"><c>online</c> or <c>offline</c>.</param>
/// <param name="At">When the status was taken, epoch ms UTC (0 while the clock is not trusted).</param>
public sealed record DeviceStatus(
    string Device,
    string State,
    long At,
    string? Firmware = null,
    double? UptimeSeconds = null,
    OutboxStatus? Outbox = null,
    ClockStatus? Clock = null,
    IReadOnlyList<SensorStatusReport>? Sensors = null)
{
    public const string Online = "online";
    public const string Offline = "offline";

    /// <summary>The most sensors a status lists; a Pi carries a handful.</summary>
    public const int MaxSensors = 64;

    /// <summary>The most fault codes a sensor lists.</summary>
    public const int MaxFaultCodes = 32;

    /// <summary>The longest sensor name, model, state or fault code (they become tags and fields in storage).</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest firmware version (an informational version with a commit hash fits).</summary>
    public const int MaxFirmwareLength = 128;

    /// <summary>What breaks the contract, or <see langword="null"/>: checked by <see cref="WireCodec.DecodeStatus"/>.</summary>
    public string? Problem()
    {
        if (!DeviceId.IsValid(Device))
        {
            return $"device '{Device}' is not a valid device id";
        }

        if (State is not (Online or Offline))
        {
            return $"state '{State}' is neither {Online} nor {Offline}";
        }

        if (At < 0)
        {
            return $"at {At} is negative";
        }

        if (Firmware is { } firmware && !IsText(firmware, MaxFirmwareLength))
        {
            return $"firmware is empty, longer than {MaxFirmwareLength} characters or holds control characters";
        }

        if (UptimeSeconds is { } uptime && !(double.IsFinite(uptime) && uptime >= 0))
        {
            return "uptimeSeconds is negative or not finite";
        }

        if (Outbox is { } outbox && (outbox.Depth < 0 || outbox.Evicted < 0 || outbox.Unstored < 0
            || (outbox.OldestAgeSeconds is { } age && !(double.IsFinite(age) && age >= 0))))
        {
            return "outbox has a negative count or age";
        }

        if (Clock is { } clock && (clock.Held < 0 || clock.Dropped < 0))
        {
            return "clock has a negative count";
        }

        if (Sensors is not { } sensors)
        {
            return null;
        }

        if (sensors.Count > MaxSensors)
        {
            return $"{sensors.Count} sensors, more than {MaxSensors}";
        }

        foreach (var sensor in sensors)
        {
            if (!IsName(sensor.Name) || !IsName(sensor.Model) || !IsName(sensor.State))
            {
                return "a sensor's name, model or state is empty, longer than 64 characters or holds control characters";
            }

            if (sensor.Readings < 0 || sensor.Faults.Count > MaxFaultCodes || sensor.Faults.Any(f => !IsName(f.Key) || f.Value < 0))
            {
                return $"sensor '{sensor.Name}' has a negative count, or more than {MaxFaultCodes} fault codes or an invalid one";
            }
        }

        return sensors.DistinctBy(s => s.Name, StringComparer.Ordinal).Count() == sensors.Count ? null : "a sensor name is listed twice";
    }

    private static bool IsName(string text) => IsText(text, MaxNameLength);

    private static bool IsText(string text, int maxLength) => text.Length > 0 && text.Length <= maxLength && !text.Any(char.IsControl);
}

/// <param name="Depth">Messages waiting for an ack.</param>
/// <param name="Evicted">Messages dropped, oldest first, because the outbox was full (since it was created).</param>
/// <param name="OldestAgeSeconds">Age of the oldest unacknowledged message; absent when the outbox is empty.</param>
/// <param name="FailingSince">While the outbox refuses writes (a full or failing disk): since when, epoch ms; absent otherwise.</param>
/// <param name="Unstored">While it refuses them: samples waiting in memory to go in, in order.</param>
/// <param name="Error">While it refuses them: the last error, e.g. <c>database or disk is full</c>.</param>
public sealed record OutboxStatus(long Depth, long Evicted, double? OldestAgeSeconds = null, long? FailingSince = null, int? Unstored = null, string? Error = null);

/// <param name="Synchronized">Whether the wall clock is trusted (NTP synchronised and not before the build date).</param>
/// <param name="Held">Readings waiting for a trusted clock to be stamped.</param>
/// <param name="Dropped">Readings dropped because the clock stayed untrusted longer than the hold covers.</param>
public sealed record ClockStatus(bool Synchronized, int Held, long Dropped);

/// <param name="State"><c>starting</c>, <c>warming_up</c>, <c>ok</c> or <c>failing</c>.</param>
/// <param name="Faults">Failed reads by fault code (<c>crc_error</c>, <c>timeout</c>, …) since start.</param>
public sealed record SensorStatusReport(string Name, string Model, string State, IReadOnlyDictionary<string, long> Faults, long Readings, string? LastError = null)
{
    public const string Starting = "starting";
    public const string WarmingUp = "warming_up";
    public const string Ok = "ok";
    public const string Failing = "failing";
}
