using System.Runtime.InteropServices;
using System.Threading.Channels;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The acknowledgement stage: in arrival order, takes every message whose batch InfluxDB has answered (or that had
/// nothing to store), tells the <see cref="ISettledMessages"/> subscribers (the seq ledger commits them in one
/// transaction), PUBACKs them to the broker in one write and hands them to <see cref="DeviceAcks"/> for the devices. On
/// shutdown it drains within the configured deadline.
/// </summary>
/// <remarks>Nothing here waits on the broker: the PUBACKs are queued on the connection, which writes them when it can.</remarks>
internal sealed partial class AckDispatcher(
    BrokerConnections broker,
    DeviceAcks deviceAcks,
    InfluxBatchWriter writer,
    DeadLetterStore deadLetters,
    IEnumerable<ISettledMessages> subscribers,
    InFlightWindow window,
    Channel<InFlightMessage> inFlight,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<AckDispatcher> logger) : BackgroundService
{
    /// <summary>InfluxDB answered 400 for the message's points: they can never be stored as they are.</summary>
    public const string InfluxRejected = "influx_rejected";

    // One ledger commit (an fsync) and one write of PUBACKs per group: a batch of 5000 points is 2500 messages of two.
    private const int MaxGroup = 10_000;

    private readonly ISettledMessages[] _subscribers = [.. subscribers];
    private readonly List<InFlightMessage> _group = new(1024);
    private readonly List<SettledMessage> _settled = new(1024);
    private readonly List<MqttDelivery> _deliveries = new(1024);

    public DateTimeOffset? LastStoredAt { get; private set; }

    /// <summary>When a group of messages was last settled (stored or rejected); the start until then.</summary>
    public DateTimeOffset LastSettledAt { get; private set; } = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var drain = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() =>
        {
            drain.CancelAfter(options.Value.DrainTimeout);
            writer.Flush();
        });

        var reader = inFlight.Reader;
        try
        {
            while (await reader.WaitToReadAsync(drain.Token))
            {
                _group.Clear();
                while (_group.Count < MaxGroup && reader.TryPeek(out var next))
                {
                    if (!next.Group.IsWritten)
                    {
                        if (_group.Count > 0)
                        {
                            break;
                        }

                        await next.Group.Written.WaitAsync(drain.Token);
                    }

                    reader.TryRead(out _);
                    _group.Add(next);
                }

                Acknowledge();
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            var left = 0;
            while (reader.TryRead(out var message))
            {
                Abandon(message);
                left++;
            }

            LogDrainTimedOut(left);
        }
    }

    /// <summary>Settles the group: the subscribers first, then the broker and the devices.</summary>
    private void Acknowledge()
    {
        _settled.Clear();
        _deliveries.Clear();
        var now = time.GetUtcNow();
        var stored = 0;
        var rejected = 0;
        long samplesStored = 0;
        foreach (var message in _group)
        {
            if (message.PeerSettled is { } peer)
            {
                foreach (var settled in peer)
                {
                    _settled.Add(new SettledMessage(message.Device, settled, Settlement.ByPeer));
                }

                _deliveries.Add(message.Delivery);
                continue;
            }

            var rejection = message.Rejection;
            switch (message.Group.Outcome)
            {
                case InfluxGroupOutcome.Rejected:
                    rejection = InfluxRejected;
                    metrics.Rejected(InfluxRejected);
                    deadLetters.Add(now, message.Topic, message.Device, message.Seq,
                        [new DeadLetterReason(InfluxRejected, message.Group.Failure?.Message ?? "")], message.Payload);
                    break;
                case InfluxGroupOutcome.Abandoned:
                    // The writer gave up only because it is stopping: leave the message to the broker's redelivery.
                    metrics.Abandoned();
                    continue;
                case InfluxGroupOutcome.Deferred:
                    // InfluxDB is at a series limit: the broker may forget it (its in-flight slot is freed) but the device
                    // is not told, so it keeps the message and sends it again after its resend interval.
                    metrics.Deferred();
                    _deliveries.Add(message.Delivery);
                    if (message.Seq is { } deferred && DeviceId.IsValid(message.Device))
                    {
                        _settled.Add(new SettledMessage(message.Device, deferred, Settlement.Deferred));
                    }

                    continue;
            }

            _deliveries.Add(message.Delivery);
            metrics.AckLatency(time.GetElapsedTime(message.ReceivedTimestamp));
            if (rejection is null)
            {
                stored++;
                samplesStored += message.SampleCount;
            }
            else
            {
                rejected++;
            }

            if (message.Seq is not { } seq || !DeviceId.IsValid(message.Device))
            {
                continue;
            }

            _settled.Add(rejection is null
                ? new SettledMessage(message.Device, seq, Settlement.Stored, message.FirstSampleTs, message.Air)
                : new SettledMessage(message.Device, seq, Settlement.Rejected, Rejection: rejection));
        }

        metrics.Settled(stored, rejected, samplesStored);

        // The group's dead letters (the intake's, written before their messages were queued, and the influx_rejected ones
        // above) go to disk in one fsync before any of their messages is acknowledged.
        deadLetters.Sync();

        // Before anyone hears of it: once the device has its ack it never sends the message again. The device acks are
        // handed over only after this, for the DeviceAcks loop may be sending at any moment.
        foreach (var subscriber in _subscribers)
        {
            subscriber.Settled(_settled);
        }

        foreach (var settled in _settled)
        {
            if (settled.Settlement is Settlement.Stored or Settlement.Rejected)
            {
                deviceAcks.Add(settled.Device, settled.Seq, settled.Rejection);
            }
        }

        var acknowledged = broker.Acknowledge(CollectionsMarshal.AsSpan(_deliveries));
        for (var i = acknowledged; i < _deliveries.Count; i++)
        {
            // The connection it came on is gone; the broker delivers it again and the repeated write is harmless.
            metrics.AckFailed();
        }

        window.Remove(_group.Count);
        LastSettledAt = now;
        if (stored > 0)
        {
            LastStoredAt = now;
        }

        deviceAcks.Send();
    }

    private void Abandon(InFlightMessage message)
    {
        if (message.PeerSettled is null)
        {
            metrics.Abandoned();
        }

        window.Remove(1);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain deadline passed; {Count} message(s) left unacknowledged for redelivery")]
    private partial void LogDrainTimedOut(int count);
}
