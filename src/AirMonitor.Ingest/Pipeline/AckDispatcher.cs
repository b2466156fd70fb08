using System.Threading.Channels;
using AirMonitor.Core.Contract;
using AirMonitor.Influx;
using AirMonitor.Ingest.Accounting;
using AirMonitor.Ingest.Alerts;
using AirMonitor.Ingest.Derivation;
using AirMonitor.Ingest.DeadLetters;
using AirMonitor.Ingest.Observability;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace AirMonitor.Ingest.Pipeline;

/// <summary>
/// The acknowledgement stage: in arrival order, waits until each message is settled (stored, or dead-lettered),
/// then acknowledges it to the broker (PUBACK) and tells the device on <c>airmon/v1/{device}/ack</c>, one ack per
/// device for each group of settled messages, after committing their seq numbers to the <see cref="SeqLedger"/>.
/// On shutdown it drains within the configured deadline.
/// </summary>
internal sealed partial class AckDispatcher(
    MqttConnection connection,
    InfluxBatchWriter writer,
    DeadLetterStore deadLetters,
    SeqLedger ledger,
    DerivationBacklog derivation,
    DeviceLiveness liveness,
    Channel<InFlightMessage> inFlight,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<IngestOptions> options,
    ILogger<AckDispatcher> logger) : BackgroundService
{
    /// <summary>InfluxDB answered 400 for the message's points: they can never be stored as they are.</summary>
    public const string InfluxRejected = "influx_rejected";

    private const int MaxGroup = 1000;

    public DateTimeOffset? LastStoredAt { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var drain = new CancellationTokenSource();
        await using var onStop = stoppingToken.Register(() =>
        {
            drain.CancelAfter(options.Value.DrainTimeout);
            writer.Flush();
        });

        var reader = inFlight.Reader;
        var group = new List<InFlightMessage>(MaxGroup);
        try
        {
            while (await reader.WaitToReadAsync(drain.Token))
            {
                group.Clear();
                while (group.Count < MaxGroup && reader.TryPeek(out var next))
                {
                    if (!next.Stored.IsWritten)
                    {
                        if (group.Count > 0)
                        {
                            break;
                        }

                        await next.Stored.Written.WaitAsync(drain.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                        drain.Token.ThrowIfCancellationRequested();
                    }

                    reader.TryRead(out _);
                    group.Add(next);
                }

                await AcknowledgeAsync(group, drain.Token);
            }
        }
        catch (OperationCanceledException) when (drain.IsCancellationRequested)
        {
            var left = 0;
            while (reader.TryRead(out _))
            {
                metrics.Abandoned();
                left++;
            }

            LogDrainTimedOut(left);
        }
    }

    private async Task AcknowledgeAsync(List<InFlightMessage> group, CancellationToken cancellationToken)
    {
        var settled = new List<(InFlightMessage Message, string? Rejection)>(group.Count);
        foreach (var message in group)
        {
            if (message.Stored.Outcome == InfluxGroupOutcome.Stored)
            {
                settled.Add((message, message.Rejection));
            }
            else if (message.Stored is { Outcome: InfluxGroupOutcome.Rejected, Failure: InfluxWriteException e })
            {
                metrics.Rejected(InfluxRejected);
                deadLetters.Add(DeadLetterStore.Create(time.GetUtcNow(), message.Delivery.ApplicationMessage.Topic, message.Device,
                    message.Seq, [new DeadLetterReason(InfluxRejected, e.Message)], message.Payload));
                settled.Add((message, InfluxRejected));
            }
            else
            {
                // The writer gave up only because it is stopping: leave the message to the broker's redelivery.
                metrics.Abandoned();
            }
        }

        // Committed before anyone hears of it: once the device has its ack it never sends the message again.
        var accountable = settled.Where(s => s.Message.Seq is not null && DeviceId.IsValid(s.Message.Device)).ToList();
        ledger.Record(accountable.Select(s => (s.Message.Device, s.Message.Seq!.Value)));
        foreach (var (message, rejection) in accountable)
        {
            // A device sending what cannot be stored is still alive: its rejections are another alarm.
            liveness.Heard(message.Device, message.Points.Count > 0 ? message.Points[0].TimestampMs : null);
            derivation.Settled(message.Device, message.Seq, rejection is null ? message.Points : []);
        }

        await Task.WhenAll(settled.Select(s => AcknowledgeToBrokerAsync(s.Message, cancellationToken)));
        foreach (var (message, rejection) in settled)
        {
            metrics.Settled(rejection is null, rejection is null ? message.SampleCount : 0, time.GetElapsedTime(message.ReceivedTimestamp));
        }

        if (settled.Any(s => s.Rejection is null))
        {
            LastStoredAt = time.GetUtcNow();
        }

        await Task.WhenAll(accountable
            .GroupBy(s => s.Message.Device)
            .Select(g => PublishDeviceAckAsync(g.Key, g.ToList(), cancellationToken)));
    }

    private async Task AcknowledgeToBrokerAsync(InFlightMessage message, CancellationToken cancellationToken)
    {
        if (!await connection.TryAcknowledgeAsync(message.Delivery, cancellationToken))
        {
            // The connection it came on is gone; the broker delivers it again and the repeated write is harmless.
            metrics.AckFailed();
        }
    }

    private async Task PublishDeviceAckAsync(string device, List<(InFlightMessage Message, string? Rejection)> settled, CancellationToken cancellationToken)
    {
        var ack = new AckMessage(
            device,
            settled.Where(s => s.Rejection is null).Select(s => s.Message.Seq!.Value).ToArray(),
            settled.Where(s => s.Rejection is not null).Select(s => new RejectedSeq(s.Message.Seq!.Value, s.Rejection!)).ToArray());
        try
        {
            await connection.Client.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(Topics.Ack(device))
                .WithPayload(WireCodec.Encode(ack))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), cancellationToken);
        }
        catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or ObjectDisposedException)
        {
            // The device resends after its ack timeout; the ingest stores it again harmlessly and acknowledges then.
            metrics.AckFailed();
            LogDeviceAckFailed(device, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the ack to {Device}: {Reason}")]
    private partial void LogDeviceAckFailed(string device, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain deadline passed; {Count} message(s) left unacknowledged for redelivery")]
    private partial void LogDrainTimedOut(int count);
}
