using System.Diagnostics.Metrics;

namespace AirMonitor.Edge;

/// <summary>
/// The edge's counts since start (meter <c>AirMonitor.Edge</c>): what was sampled, stored, sent and acknowledged.
/// Each is kept once and exported as an observable counter.
/// </summary>
public sealed class EdgeMetrics
{
    public const string MeterName = "AirMonitor.Edge";

    private long _samplesStored;
    private long _messagesStored;
    private long _messagesPublished;
    private long _messagesAcknowledged;
    private long _outboxWriteFailures;
    private long _publishesRefused;
    private long _unstoredDropped;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableCounter("airmon.edge.samples.stored", () => SamplesStored, "{sample}", "Samples stored in the outbox");
        meter.CreateObservableCounter("airmon.edge.messages.stored", () => MessagesStored, "{message}", "Messages stored in the outbox");
        meter.CreateObservableCounter("airmon.edge.messages.published", () => MessagesPublished, "{message}", "Outbox messages the broker took (its PUBACK), resends included");
        meter.CreateObservableCounter("airmon.edge.messages.acknowledged", () => MessagesAcknowledged, "{message}", "Outbox messages removed on the ingest's ack");
        meter.CreateObservableCounter("airmon.edge.messages.refused", () => PublishesRefused, "{message}", "Publishes the broker refused with a reason code (e.g. 0x87 not authorized)");
        meter.CreateObservableCounter("airmon.edge.outbox.write_failures", () => OutboxWriteFailures, "{failure}", "Writes the outbox refused (a full or failing disk); the messages wait in memory");
        meter.CreateObservableCounter("airmon.edge.samples.unstored_dropped", () => UnstoredDropped, "{sample}", "Samples dropped because the outbox refused them longer than Edge:MaxHeldReadings could wait");
    }

    public long MessagesPublished => Interlocked.Read(ref _messagesPublished);

    public long PublishesRefused => Interlocked.Read(ref _publishesRefused);

    public long OutboxWriteFailures => Interlocked.Read(ref _outboxWriteFailures);

    public long UnstoredDropped => Interlocked.Read(ref _unstoredDropped);

    /// <summary>Samples stored in the outbox since start: what the device owes the ingest.</summary>
    public long SamplesStored => Interlocked.Read(ref _samplesStored);

    public long MessagesStored => Interlocked.Read(ref _messagesStored);

    /// <summary>Outbox messages removed on the ingest's ack since start.</summary>
    public long MessagesAcknowledged => Interlocked.Read(ref _messagesAcknowledged);

    public void Stored(int samples)
    {
        Interlocked.Add(ref _samplesStored, samples);
        Interlocked.Increment(ref _messagesStored);
    }

    public void Published(int messages) => Interlocked.Add(ref _messagesPublished, messages);

    public void Acknowledged(int messages) => Interlocked.Add(ref _messagesAcknowledged, messages);

    public void PublishRefused() => Interlocked.Increment(ref _publishesRefused);

    public void OutboxWriteFailed() => Interlocked.Increment(ref _outboxWriteFailures);

    public void DroppedUnstored(int samples) => Interlocked.Add(ref _unstoredDropped, samples);
}
