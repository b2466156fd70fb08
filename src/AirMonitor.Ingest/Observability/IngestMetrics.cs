using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AirMonitor.Ingest.Accounting;

namespace AirMonitor.Ingest.Observability;

/// <summary>The ingest's instruments (meter <c>AirMonitor.Ingest</c>), exported at <c>/metrics</c>.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "AirMonitor.Ingest";

    /// <summary>The instruments the <c>ingest</c> measurement carries (Fleet/IngestCountersWriter.cs).</summary>
    public const string MessagesInstrument = "airmon.ingest.messages";
    public const string RejectsInstrument = "airmon.ingest.rejects";
    public const string StatusRejectsInstrument = "airmon.ingest.status.rejects";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _samplesStored;
    private readonly Counter<long> _rejects;
    private readonly Counter<long> _statusRejects;
    private readonly Histogram<double> _ackLatency;
    private readonly Counter<long> _ackFailures;
    private readonly Counter<long> _seq;
    private readonly Counter<long> _alertEvents;
    private readonly Counter<long> _alertDeliveryFailures;
    private readonly Counter<long> _alertUndeliverable;
    private readonly Counter<long> _deadLettersWritten;
    private readonly Counter<long> _deadLettersDropped;
    private readonly Counter<long> _deadLetterFilesDeleted;
    private readonly Counter<long> _localStoreFailures;
    private static readonly KeyValuePair<string, object?> StoredTag = new("outcome", "stored");
    private static readonly KeyValuePair<string, object?> RejectedTag = new("outcome", "rejected");
    private static readonly KeyValuePair<string, object?> DeferredTag = new("outcome", "deferred");
    private static readonly KeyValuePair<string, object?>[] SeqTags =
        [.. Enum.GetValues<SeqOutcome>().Select(o => new KeyValuePair<string, object?>("outcome", o.ToString().ToLowerInvariant()))];
    private long _alertsFiring;
    private long _inFlightNow;
    private long _seqMissing;
    private long _deadLetterBytes;
    private readonly ConcurrentDictionary<string, long> _localStoresFailing = new(LocalStoreHealth.Stores.Select(s => KeyValuePair.Create(s, 0L)), StringComparer.Ordinal);

    public IngestMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>(MessagesInstrument, "{message}", "Readings messages acknowledged to the broker, by outcome (stored, rejected; deferred: InfluxDB at a series limit, not acknowledged to the device, which sends it again)");
        _samplesStored = meter.CreateCounter<long>("airmon.ingest.samples.stored", "{sample}", "Samples stored in InfluxDB");
        _rejects = meter.CreateCounter<long>(RejectsInstrument, "{rejection}", "Messages or samples rejected, by reason");
        _statusRejects = meter.CreateCounter<long>(StatusRejectsInstrument, "{message}", "Device status messages not written to InfluxDB, by reason (bad_device_id, too_large, malformed, device_mismatch, unstorable)");
        _ackLatency = meter.CreateHistogram<double>("airmon.ingest.ack.latency", "ms", "From receipt of a message to its acknowledgement");
        meter.CreateObservableUpDownCounter("airmon.ingest.inflight", () => Interlocked.Read(ref _inFlightNow), "{message}",
            "Messages received and not yet acknowledged");
        _ackFailures = meter.CreateCounter<long>("airmon.ingest.ack.failures", "{ack}", "PUBACKs that could not be sent (broker connection lost), and settled seq numbers dropped from device acks that could not be queued");
        _seq = meter.CreateCounter<long>("airmon.ingest.seq", "{message}", "Settled seq numbers by outcome (first, next, gap, late, repeat), across replicas");
        meter.CreateObservableGauge("airmon.ingest.seq.missing", () => Interlocked.Read(ref _seqMissing), "{message}",
            "Seq numbers below a device's highest that no replica has settled yet, summed over devices");
        _alertEvents = meter.CreateCounter<long>("airmon.ingest.alert.events", "{event}", "Alert events raised, by rule and state (firing, resolved)");
        _alertDeliveryFailures = meter.CreateCounter<long>("airmon.ingest.alert.delivery.failures", "{attempt}", "Failed deliveries of alert events to a sink (each is retried), by sink");
        _alertUndeliverable = meter.CreateCounter<long>("airmon.ingest.alert.undeliverable", "{event}", "Alert events a sink refused for good (kept in the alert store), by sink");
        meter.CreateObservableGauge("airmon.ingest.alerts.firing", () => Interlocked.Read(ref _alertsFiring), "{alert}", "Alert episodes firing now");
        _deadLettersWritten = meter.CreateCounter<long>("airmon.ingest.deadletters.written", "{letter}", "Dead letters written");
        _deadLettersDropped = meter.CreateCounter<long>("airmon.ingest.deadletters.dropped", "{letter}", "Dead letters not written, by reason (rate_limited, over_size_cap); their messages were still rejected and acknowledged");
        _deadLetterFilesDeleted = meter.CreateCounter<long>("airmon.ingest.deadletters.files.deleted", "{file}", "Dead-letter files deleted, by reason (max_age, max_total_bytes)");
        meter.CreateObservableGauge("airmon.ingest.deadletters.size", () => Interlocked.Read(ref _deadLetterBytes), "By", "Bytes of the dead-letter files");
        _localStoreFailures = meter.CreateCounter<long>("airmon.ingest.local.store.failures", "{write}", "Failed writes of a local store (seq-ledger, alert-store, dead-letters): a full disk or an I/O error; each is retried");
        meter.CreateObservableGauge("airmon.ingest.local.store.failing",
            () => _localStoresFailing.Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("store", s.Key))), "{store}",
            "1 while a local store cannot write (since its last write failed), else 0");
    }

    public long InFlight => Interlocked.Read(ref _inFlightNow);

    public void Received() => Interlocked.Increment(ref _inFlightNow);

    /// <summary>
    /// A group of messages acknowledged: <paramref name="stored"/> stored, <paramref name="rejected"/> dead-lettered. Counted
    /// once per group (a tagged measurement costs a label lookup); each message's latency goes to <see cref="AckLatency"/>.
    /// </summary>
    public void Settled(int stored, int rejected, long samplesStored)
    {
        Interlocked.Add(ref _inFlightNow, -(stored + rejected));
        if (stored > 0)
        {
            _messages.Add(stored, StoredTag);
            _samplesStored.Add(samplesStored);
        }

        if (rejected > 0)
        {
            _messages.Add(rejected, RejectedTag);
        }
    }

    /// <summary>A message InfluxDB deferred (a database limit): acknowledged to the broker only; its device sends it again.</summary>
    public void Deferred()
    {
        Interlocked.Decrement(ref _inFlightNow);
        _messages.Add(1, DeferredTag);
    }

    /// <summary>From a message's receipt to its acknowledgement.</summary>
    public void AckLatency(TimeSpan latency) => _ackLatency.Record(latency.TotalMilliseconds);

    /// <summary>A message dropped from this instance's pipeline without acknowledgement; the broker will deliver it again.</summary>
    public void Abandoned() => Interlocked.Decrement(ref _inFlightNow);

    public void Rejected(string reason) => _rejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void StatusRejected(string reason) => _statusRejects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AckFailed() => _ackFailures.Add(1);

    /// <summary><paramref name="count"/> seq numbers settled with <paramref name="outcome"/>.</summary>
    public void SeqSettled(SeqOutcome outcome, int count) => _seq.Add(count, SeqTags[(int)outcome]);

    public void SeqMissing(long total) => Interlocked.Exchange(ref _seqMissing, total);

    public void AlertRaised(string rule, string state) =>
        _alertEvents.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("state", state));

    public void AlertDeliveryFailed(string sink) => _alertDeliveryFailures.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void AlertUndeliverable(string sink) => _alertUndeliverable.Add(1, new KeyValuePair<string, object?>("sink", sink));

    public void AlertsFiring(long count) => Interlocked.Exchange(ref _alertsFiring, count);

    /// <summary>A dead letter written; <paramref name="totalBytes"/> is the directory's size after it.</summary>
    public void DeadLetterWritten(long totalBytes)
    {
        _deadLettersWritten.Add(1);
        Interlocked.Exchange(ref _deadLetterBytes, totalBytes);
    }

    public void DeadLetterDropped(string reason) => _deadLettersDropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A dead-letter file deleted; <paramref name="totalBytes"/> is the directory's size after it.</summary>
    public void DeadLetterFileDeleted(string reason, long totalBytes)
    {
        _deadLetterFilesDeleted.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Exchange(ref _deadLetterBytes, totalBytes);
    }

    public void DeadLetterBytes(long totalBytes) => Interlocked.Exchange(ref _deadLetterBytes, totalBytes);

    /// <summary>A write of a local store failed (<see cref="LocalStoreHealth"/>).</summary>
    public void LocalStoreFailed(string store) => _localStoreFailures.Add(1, new KeyValuePair<string, object?>("store", store));

    public void LocalStoreFailing(string store, bool failing) => _localStoresFailing[store] = failing ? 1 : 0;
}
