namespace AirMonitor.Core.Contract;

/// <summary>One <c>readings</c> message: a batch of samples from one device, numbered by <see cref="Seq"/>.</summary>
/// <param name="Device">Must equal the topic's <c>{device}</c>.</param>
/// <param name="Seq">Per device, strictly increasing per message, persisted across reboots.</param>
public sealed record ReadingBatch(string Device, long Seq, IReadOnlyList<Sample> Samples);

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
