using System.Data.Common;
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
/// nothing to store), puts the group's dead letters on disk, tells the <see cref="ISettledMessages"/> subscribers (the
/// seq ledger commits them in one transaction), PUBACKs them to the broker in one write and hands them to
/// <see cref="DeviceAcks"/> for the devices. A group whose dead letters or subscribers fail (a full disk) is held
/// unacknowledged and tried again until they succeed. On shutdown it drains within the configured deadline.
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

    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ISettledMessages[] _subscribers = [.. subscribers];
    private readonly List<InFlightMessage> _group = new(1024);
    private readonly List<SettledMessage> _settled = new(1024);
    private readonly List<MqttDelivery> _deliveries = new(1024);
    private readonly List<long> _receivedAt = new(1024);
    private readonly List<InFlightMessage> _refused = [];
    private DateTimeOffset _answeredAt;
    private int _stored;
    private int _rejected;
    private int _abandoned;
    private int _deferred;
    private long _samplesStored;

    public DateTimeOffset? LastStoredAt { get; private set; }

    /// <summary>When a group of messages was last settled (stored or rejected) and acknowledged; the start until then.</summary>
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

                Classify();
                await SettleAsync(drain.Token);
                Acknowledge();
                _group.Clear();
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            // A group held by a failing store is left too.
            var left = _group.Count;
            _group.ForEach(Abandon);
            _group.Clear();
            while (reader.TryRead(out var message))
            {
                Abandon(message);
                left++;
            }

            LogDrainTimedOut(left);
        }
    }

    /// <summary>Splits the group into what settles it (the subscribers' messages, InfluxDB's refusals to dead-letter) and what acknowledges it.</summary>
    private void Classify()
    {
        _settled.Clear();
        _deliveries.Clear();
        _receivedAt.Clear();
        _refused.Clear();
        (_answeredAt, _stored, _rejected, _abandoned, _deferred, _samplesStored) = (time.GetUtcNow(), 0, 0, 0, 0, 0);
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

            if (message.Deferred)
            {
                // Its device is past Ingest:MaxDevices: nothing of it was looked at, and no state keeps it.
                _deferred++;
                _deliveries.Add(message.Delivery);
                continue;
            }

            var rejection = message.Rejection;
            switch (message.Group.Outcome)
            {
                case InfluxGroupOutcome.Rejected:
                    rejection = InfluxRejected;
                    metrics.Rejected(InfluxRejected);
                    _refused.Add(message);
                    break;
                case InfluxGroupOutcome.Abandoned:
                    // The writer gave up only because it is stopping: leave the message to the broker's redelivery.
                    _abandoned++;
                    continue;
                case InfluxGroupOutcome.Deferred:
                    // InfluxDB is at a series limit: the broker may forget it (its in-flight slot is freed) but the device
                    // is not told, so it keeps the message and sends it again after its resend interval.
                    _deferred++;
                    _deliveries.Add(message.Delivery);
                    if (message.Seq is { } deferred && DeviceId.IsValid(message.Device))
                    {
                        _settled.Add(new SettledMessage(message.Device, deferred, Settlement.Deferred));
                    }

                    continue;
            }

            _deliveries.Add(message.Delivery);
            _receivedAt.Add(message.ReceivedTimestamp);
            if (rejection is null)
            {
                _stored++;
                _samplesStored += message.SampleCount;
            }
            else
            {
                _rejected++;
            }

            if (message.Seq is not { } seq || !DeviceId.IsValid(message.Device))
            {
                continue;
            }

            _settled.Add(rejection is null
                ? new SettledMessage(message.Device, seq, Settlement.Stored, message.FirstSampleTs, message.Air, Emission: message.Emission)
                : new SettledMessage(message.Device, seq, Settlement.Rejected, Rejection: rejection));
        }
    }

    /// <summary>
    /// What must hold before anyone hears of the group: the dead letters of what InfluxDB refused written, every letter
    /// written so far on disk (the intake's were written before their messages were queued) in one fsync, then each
    /// subscriber told (the seq ledger's commit). A step that throws (a full disk) holds the group unacknowledged; it is
    /// tried again from that step after 1 s, doubling to 30 s, until it succeeds. Meanwhile the in-flight window fills
    /// and the intake stops reading: the broker keeps the rest.
    /// </summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var (letters, told) = (0, 0);
        var delay = FirstRetry;
        long? heldSince = null;
        while (true)
        {
            try
            {
                for (; letters < _refused.Count; letters++)
                {
                    var message = _refused[letters];
                    deadLetters.Add(_answeredAt, message.Topic, message.Device, message.Seq,
                        [new DeadLetterReason(InfluxRejected, message.Group.Failure?.Message ?? "")], message.Payload);
                }

                deadLetters.Sync();

                // Once the device has its ack it never sends the message again: every subscriber first.
                for (; told < _subscribers.Length; told++)
                {
                    _subscribers[told].Settled(_settled);
                }

                if (heldSince is { } since)
                {
                    var held = time.GetElapsedTime(since);
                    LogReleased(_group.Count, held);
                }

                return;
            }
            catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException)
            {
                // A store that cannot write (a full or broken disk) holds the group; anything else is a fault that must
                // stop the host, not hold it for ever.
                if (heldSince is null)
                {
                    heldSince = time.GetTimestamp();
                    LogHeld(_group.Count, e.Message, e);
                }
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    /// <summary>Acknowledges the settled group: to the devices (handed over only now, for the DeviceAcks loop may be sending at any moment) and the broker.</summary>
    private void Acknowledge()
    {
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

        metrics.Settled(_stored, _rejected, _samplesStored);
        for (var i = 0; i < _abandoned; i++)
        {
            metrics.Abandoned();
        }

        for (var i = 0; i < _deferred; i++)
        {
            metrics.Deferred();
        }

        foreach (var receivedAt in _receivedAt)
        {
            metrics.AckLatency(time.GetElapsedTime(receivedAt));
        }

        window.Remove(_group.Count);
        var now = time.GetUtcNow();
        LastSettledAt = now;
        if (_stored > 0)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Holding {Count} message(s) unacknowledged until they can be settled, retrying: {Reason}")]
    private partial void LogHeld(int count, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} held message(s) settled and acknowledged after {Held}")]
    private partial void LogReleased(int count, TimeSpan held);
}
