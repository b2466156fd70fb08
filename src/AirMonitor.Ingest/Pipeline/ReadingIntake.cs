using System.Buffers;
using System.Threading.Channels;
using AirMonitor.Core.Contract;
using AirMonitor.Core.Validation;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The input stage: subscribes to every device's readings, validates each message, hands its points to the batch
/// writer and the message itself to the <see cref="AckDispatcher"/>. Never acknowledges anything it has not settled.
/// It also reads the acks other replicas send (MQTT 5 "no local" leaves out its own) into the <see cref="SeqLedger"/>.
/// </summary>
internal sealed partial class ReadingIntake(
    MqttConnection connection,
    ReadingValidator validator,
    PointMapper mapper,
    InfluxBatchWriter writer,
    InfluxQueryClient influx,
    DeadLetterStore deadLetters,
    SeqLedger ledger,
    DeviceLiveness liveness,
    Channel<InFlightMessage> inFlight,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<IngestOptions> options,
    IOptions<InfluxOptions> influxOptions,
    IOptions<MqttOptions> mqttOptions,
    ILogger<ReadingIntake> logger) : BackgroundService
{
    /// <summary>Valid readings whose points line protocol cannot carry (the registry's tags are at fault).</summary>
    public const string Unstorable = "unstorable";

    // Other replicas' acks, recorded and committed in batches off the message handler, then acknowledged.
    private readonly Channel<PeerAck> _peerAcks = Channel.CreateUnbounded<PeerAck>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _accepting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureDatabaseAsync(stoppingToken);
        var topic = options.Value.SharedSubscriptionGroup is { } group ? Topics.SharedReadings(group) : Topics.AllReadings;
        connection.MessageReceived = (in MqttMessage message) => OnMessage(message, stoppingToken);
        connection.ReadGate = ct => metrics.InFlight < options.Value.MaxInFlightMessages ? ValueTask.CompletedTask : WaitForRoomAsync(ct);
        var peerAcks = RecordPeerAcksAsync(stoppingToken);
        _accepting = true;
        try
        {
            await connection.RunAsync(async (_, ct) =>
            {
                await connection.SubscribeAsync([new(topic), new(Topics.AllAcks, NoLocal: true)], ct);
                LogSubscribed(topic);
            }, stoppingToken);
        }
        finally
        {
            // Messages still arriving are left unacknowledged: the broker delivers them again to the next session.
            _accepting = false;
            inFlight.Writer.TryComplete();
            _peerAcks.Writer.TryComplete();
            await peerAcks;
        }
    }

    private async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (metrics.InFlight >= options.Value.MaxInFlightMessages)
        {
            await Task.Delay(5, cancellationToken);
        }
    }

    private void OnMessage(in MqttMessage e, CancellationToken stoppingToken)
    {
        if (!_accepting)
        {
            return;
        }

        var receivedAt = time.GetTimestamp();
        var now = time.GetUtcNow();
        var topic = e.Topic;
        var payload = e.Payload.ToArray();
        if (Topics.TryParseAck(topic, out var acked))
        {
            _peerAcks.Writer.TryWrite(new PeerAck(acked, payload, e.Delivery));
            return;
        }

        if (!Topics.TryParseReadings(topic, out var device))
        {
            device = topic;
        }

        metrics.Received();
        var message = validator.Validate(device, payload, now);
        foreach (var problem in message.Rejections)
        {
            metrics.Rejected(problem.Code);
        }

        if (message.Rejections.Count > 0)
        {
            deadLetters.Add(DeadLetterStore.Create(now, topic, device, message.Batch?.Seq, message.Rejections.Select(DeadLetterReason.From).ToArray(), payload));
            LogRejected(device, message.Batch?.Seq, message.Rejections[0].Code, message.Rejections[0].Detail, message.Rejections.Count);
        }

        Task stored = Task.CompletedTask;
        string? rejection = null;
        IReadOnlyList<InfluxPoint> points = [];
        if (message.Accepted.Count > 0)
        {
            try
            {
                points = mapper.Map(device, message.Accepted);
                stored = writer.EnqueueAsync(points, stoppingToken).AsTask().Unwrap();
            }
            catch (ArgumentException unstorable)
            {
                // Line protocol cannot carry a tag or field of these points (e.g. registry text ending in a backslash).
                rejection = Unstorable;
                points = [];
                metrics.Rejected(Unstorable);
                deadLetters.Add(DeadLetterStore.Create(now, topic, device, message.Batch?.Seq, [new DeadLetterReason(Unstorable, unstorable.Message)], payload));
                LogRejected(device, message.Batch?.Seq, Unstorable, unstorable.Message, 1);
            }
        }
        else
        {
            rejection = message.Rejections[0].Code;
        }

        // The broker sends nothing more until we acknowledge: waiting for the flush interval would only add latency.
        if (metrics.InFlight >= mqttOptions.Value.ReceiveMaximum)
        {
            _ = writer.FlushAsync(stoppingToken);
        }

        var pending = new InFlightMessage(e.Delivery, topic, device, message.Batch?.Seq, message.Accepted.Count, stored, rejection, payload, receivedAt, points);
        if (!inFlight.Writer.TryWrite(pending))
        {
            metrics.Abandoned();
        }
    }

    /// <summary>
    /// Commits whatever peer acks have queued up in one ledger transaction, then acknowledges them to the broker:
    /// an fsync per batch, not per message, and never on the readings' path.
    /// </summary>
    private async Task RecordPeerAcksAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PeerAck>();
        try
        {
            while (await _peerAcks.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (_peerAcks.Reader.TryRead(out var ack))
                {
                    batch.Add(ack);
                }

                var settled = batch.SelectMany(SettledSeqs).ToList();
                ledger.Record(settled);
                foreach (var device in settled.Select(s => s.Device).Distinct())
                {
                    liveness.Heard(device, null);
                }

                connection.Acknowledge(batch.Select(a => a.Delivery).ToArray());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // What is still queued is not acknowledged: the broker delivers it again to the next session.
        }
    }

    private IEnumerable<(string Device, long Seq)> SettledSeqs(PeerAck peer)
    {
        AckMessage ack;
        try
        {
            ack = WireCodec.DecodeAck(peer.Payload);
        }
        catch (System.Text.Json.JsonException e)
        {
            LogBadPeerAck(peer.Device, e.Message);
            return [];
        }

        return DeviceId.IsValid(peer.Device) ? ack.Stored.Concat(ack.Rejected.Select(r => r.Seq)).Select(seq => (peer.Device, seq)) : [];
    }

    private async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (influxOptions.Value.ApiVersion != InfluxApiVersion.V1)
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await influx.CreateDatabaseAsync(influxOptions.Value.Database!, cancellationToken);
                return;
            }
            catch (Exception e) when (e is HttpRequestException or InfluxQueryException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                LogDatabaseUnavailable(influxOptions.Value.Url, e.Message, delay);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to {Topic}")]
    private partial void LogSubscribed(string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected from {Device} seq {Seq}: {Reason} ({Detail}); {Count} rejection(s) dead-lettered")]
    private partial void LogRejected(string device, long? seq, string reason, string detail, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unreadable ack on {Device}'s topic, left out of the seq ledger: {Reason}")]
    private partial void LogBadPeerAck(string device, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "InfluxDB at {Url} not ready: {Reason}; retrying in {Delay}")]
    private partial void LogDatabaseUnavailable(string url, string reason, TimeSpan delay);
}

/// <summary>An ack another replica published on <c>airmon/v1/{device}/ack</c>, not yet in the ledger.</summary>
internal sealed record PeerAck(string Device, byte[] Payload, MqttDelivery Delivery);
