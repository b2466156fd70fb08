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
using MQTTnet;
using MQTTnet.Protocol;

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
        connection.Client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        var peerAcks = RecordPeerAcksAsync(stoppingToken);
        _accepting = true;
        try
        {
            await connection.RunAsync(async (_, ct) =>
            {
                var result = await connection.Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(new MqttTopicFilterBuilder().WithTopic(Topics.AllAcks).WithAtLeastOnceQoS().WithNoLocal().Build())
                    .Build(), ct);
                foreach (var item in result.Items)
                {
                    if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                    {
                        throw new InvalidOperationException($"broker refused subscription '{item.TopicFilter.Topic}': {item.ResultCode}");
                    }
                }

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

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken stoppingToken)
    {
        e.AutoAcknowledge = false;
        if (!_accepting)
        {
            return;
        }

        var receivedAt = time.GetTimestamp();
        var now = time.GetUtcNow();
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload.ToArray();
        if (Topics.TryParseAck(topic, out var acked))
        {
            _peerAcks.Writer.TryWrite(new PeerAck(acked, payload, e));
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

        InfluxGroup stored = default;
        string? rejection = null;
        IReadOnlyList<InfluxPoint> points = [];
        if (message.Accepted.Count > 0)
        {
            try
            {
                points = mapper.Map(device, message.Accepted);
                await writer.WaitForSpaceAsync(stoppingToken);
                stored = writer.Append(points);
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
            writer.Flush();
        }

        var pending = new InFlightMessage(e, device, message.Batch?.Seq, message.Accepted.Count, stored, rejection, payload, receivedAt, points);
        if (!inFlight.Writer.TryWrite(pending))
        {
            try
            {
                await inFlight.Writer.WriteAsync(pending, stoppingToken);
            }
            catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
            {
                metrics.Abandoned();
            }
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

                foreach (var ack in batch)
                {
                    await connection.TryAcknowledgeAsync(ack.Delivery, stoppingToken);
                }
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
internal sealed record PeerAck(string Device, byte[] Payload, MqttApplicationMessageReceivedEventArgs Delivery);
