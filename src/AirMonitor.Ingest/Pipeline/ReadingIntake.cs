using System.Threading.Channels;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Ingest.Validation;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The input stage: subscribes to every device's readings, and for each message, on the connection's receive loop,
/// validates it, writes its points into the batch writer's current batch and hands the message to the
/// <see cref="AckDispatcher"/>, in the order received. Never acknowledges anything itself. It also takes the acks other
/// replicas send, on the publishing connection (MQTT 5 "no local" leaves out its own), into the same order, for the seq
/// ledger; those are not held back by the window (they settle at once, at the rate the other replicas settle).
/// </summary>
/// <remarks>
/// Nothing here waits: a message costs its decoding and its lines. When <see cref="IngestOptions.MaxInFlightMessages"/>
/// are unsettled, or the writer's buffer is full, the read gate stops reading from the broker (which keeps the rest), after
/// sending the open batch at once: nothing more arrives until it is stored and acknowledged.
/// </remarks>
internal sealed partial class ReadingIntake(
    BrokerConnections broker,
    ReadingValidator validator,
    DeviceAdmission admission,
    PointMapper mapper,
    InfluxBatchWriter writer,
    InfluxAccess influx,
    DeadLetterStore deadLetters,
    InFlightWindow window,
    Channel<InFlightMessage> inFlight,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<ReadingIntake> logger) : BackgroundService
{
    /// <summary>Valid readings whose points line protocol cannot carry (the registry's tags are at fault).</summary>
    public const string Unstorable = "unstorable";

    private static readonly LineWriterAction<Lines> WriteLines = static (lines, state) => (state.Air, state.Emission) = state.Mapper.Write(lines, state.Device, state.Samples);

    private volatile bool _accepting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await influx.Ready.WaitAsync(stoppingToken);
        var topic = options.Value.SharedSubscriptionGroup is { } group ? Topics.SharedReadings(group) : Topics.AllReadings;
        var (readings, publishing) = (broker.Readings, broker.Publishing);
        readings.MessageReceived = OnMessage;
        readings.ReadGate = WaitForRoomAsync;
        publishing.MessageReceived = OnMessage;
        _accepting = true;
        try
        {
            await Task.WhenAll(
                readings.RunAsync(async (_, ct) =>
                {
                    await readings.SubscribeAsync(topic, ct);
                    LogSubscribed(topic);
                }, stoppingToken),
                publishing.RunAsync((_, ct) => publishing.SubscribeAsync([new(Topics.AllAcks, NoLocal: true)], ct), stoppingToken));
        }
        finally
        {
            // Messages still arriving are left unacknowledged: the broker delivers them again to the next session.
            _accepting = false;
            inFlight.Writer.TryComplete();
        }
    }

    private ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (window.HasRoom && writer.HasSpace)
        {
            return ValueTask.CompletedTask;
        }

        // Nothing more comes until what is held is stored: do not wait for the flush interval.
        writer.Flush();
        return WaitAsync(cancellationToken);

        async ValueTask WaitAsync(CancellationToken ct)
        {
            await window.WaitForRoomAsync(ct);
            await writer.WaitForSpaceAsync(ct);
        }
    }

    private void OnMessage(in MqttMessage message)
    {
        if (!_accepting)
        {
            return;
        }

        var receivedAt = time.GetTimestamp();
        var topic = message.Topic;
        if (Topics.TryParseAck(topic, out var acked))
        {
            window.Add();
            long[] settled = DeviceId.IsValid(acked) && admission.Admit(acked) ? PeerSettled(acked, message.Payload) : [];
            Enqueue(new InFlightMessage(message.Delivery, topic, acked, null, 0, default, null, null, receivedAt, null, null, settled));
            return;
        }

        if (!Topics.TryParseReadings(topic, out var device))
        {
            device = topic;
        }

        if (DeviceId.IsValid(device) && !admission.Admit(device))
        {
            window.Add();
            metrics.Received();
            Enqueue(new InFlightMessage(message.Delivery, topic, device, null, 0, default, null, null, receivedAt, null, null, Deferred: true));
            return;
        }

        var now = time.GetUtcNow();
        var payload = message.Payload;
        var validated = validator.Validate(device, payload, now);
        if (validated.Rejections.Count > 0)
        {
            foreach (var problem in validated.Rejections)
            {
                metrics.Rejected(problem.Code);
            }

            // A letter the store drops (the device's rate spent, the directory full) is counted and logged there.
            if (deadLetters.Add(now, topic, device, validated.Batch?.Seq, validated.Rejections.Select(DeadLetterReason.From).ToArray(), payload))
            {
                LogRejected(device, validated.Batch?.Seq, validated.Rejections[0].Code, validated.Rejections[0].Detail, validated.Rejections.Count);
            }
        }

        InfluxGroup stored = default;
        (ReadingSpan? Air, ReadingSpan? Emission) spans = default;
        var rejection = validated.Accepted.Count > 0 ? null : validated.Rejections[0].Code;
        if (validated.Accepted.Count > 0)
        {
            var lines = new Lines(mapper, device, validated.Accepted);
            try
            {
                stored = writer.Append(lines, WriteLines);
                spans = (lines.Air, lines.Emission);
            }
            catch (ArgumentException unstorable)
            {
                // Line protocol cannot carry a tag of these points (e.g. registry text ending in a backslash).
                rejection = Unstorable;
                metrics.Rejected(Unstorable);
                if (deadLetters.Add(now, topic, device, validated.Batch?.Seq, [new DeadLetterReason(Unstorable, unstorable.Message)], payload))
                {
                    LogRejected(device, validated.Batch?.Seq, Unstorable, unstorable.Message, 1);
                }
            }
        }

        // Counted in flight only now: a dead letter that cannot be written (a full disk) throws above, the MQTT client leaves
        // the message unacknowledged for the broker to deliver again, and no slot stays taken for it.
        window.Add();
        metrics.Received();
        Enqueue(new InFlightMessage(message.Delivery, topic, device, validated.Batch?.Seq, validated.Accepted.Count, stored, rejection,
            rejection is null ? payload.ToArray() : null, receivedAt, rejection is null ? validated.Accepted[0].Ts : null, spans.Air, Emission: spans.Emission));
    }

    private void Enqueue(in InFlightMessage message)
    {
        // Unbounded: the read gate holds the count at the window (one read's messages past it at most).
        inFlight.Writer.TryWrite(message);
    }

    /// <summary>The seq numbers another replica's ack of a valid device settled, those a message may carry (0 to <see cref="ReadingBatch.MaxSeq"/>); none when it cannot be read.</summary>
    private long[] PeerSettled(string device, ReadOnlySpan<byte> payload)
    {
        try
        {
            var ack = WireCodec.DecodeAck(payload);
            return [.. ack.Stored.Concat(ack.Rejected.Select(r => r.Seq)).Where(seq => seq is >= 0 and <= ReadingBatch.MaxSeq)];
        }
        catch (System.Text.Json.JsonException e)
        {
            LogBadPeerAck(device, e.Message);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic}")]
    private partial void LogSubscribed(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected from {Device} seq {Seq}: {Reason} ({Detail}); {Count} rejection(s) dead-lettered")]
    private partial void LogRejected(string device, long? seq, string reason, string detail, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable ack on {Device}'s topic, left out of the seq ledger: {Reason}")]
    private partial void LogBadPeerAck(string device, string reason);

    /// <summary>What the batch writer's callback needs to write one message's lines, and the span of air readings it wrote.</summary>
    private sealed class Lines(PointMapper mapper, string device, IReadOnlyList<Sample> samples)
    {
        public PointMapper Mapper { get; } = mapper;

        public string Device { get; } = device;

        public IReadOnlyList<Sample> Samples { get; } = samples;

        public ReadingSpan? Air { get; set; }

        public ReadingSpan? Emission { get; set; }
    }
}
