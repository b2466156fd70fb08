using System.Diagnostics.Metrics;

namespace AirMonitor.Edge;

/// <summary>The edge's instruments (meter <c>AirMonitor.Edge</c>): what was sampled, stored, sent and acknowledged.</summary>
public sealed class EdgeMetrics
{
    public const string MeterName = "AirMonitor.Edge";

    private readonly Counter<long> _samples;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _published;
    private readonly Counter<long> _acknowledged;
    private long _samplesStored;
    private long _messagesStored;
    private long _messagesAcknowledged;

    public EdgeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _samples = meter.CreateCounter<long>("airmon.edge.samples.stored", "{sample}", "Samples stored in the outbox");
        _messages = meter.CreateCounter<long>("airmon.edge.messages.stored", "{message}", "Messages stored in the outbox");
        _published = meter.CreateCounter<long>("airmon.edge.messages.published", "{message}", "Publishes of outbox messages, resends included");
        _acknowledged = meter.CreateCounter<long>("airmon.edge.messages.acknowledged", "{message}", "Outbox messages removed on the ingest's ack");
    }

    /// <summary>Samples stored in the outbox since start: what the device owes the ingest.</summary>
    public long SamplesStored => Interlocked.Read(ref _samplesStored);

    public long MessagesStored => Interlocked.Read(ref _messagesStored);

    /// <summary>Outbox messages removed on the ingest's ack since start.</summary>
    public long MessagesAcknowledged => Interlocked.Read(ref _messagesAcknowledged);

    public void Stored(int samples)
    {
        Interlocked.Add(ref _samplesStored, samples);
        Interlocked.Increment(ref _messagesStored);
        _samples.Add(samples);
        _messages.Add(1);
    }

    public void Published(int messages) => _published.Add(messages);

    public void Acknowledged(int messages)
    {
        Interlocked.Add(ref _messagesAcknowledged, messages);
        _acknowledged.Add(messages);
    }
}
