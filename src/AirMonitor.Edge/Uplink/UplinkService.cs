using System.Buffers;
using System.Text.Json;
using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Sampling;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Edge.Uplink;

/// <summary>
/// Sends the outbox over MQTT 5 (QoS 1): messages just stored first, then the backlog oldest first, together at most
/// <see cref="EdgeOptions.MaxMessagesPerSecond"/>, each
/// message again after the profile's resend interval until the ingest's <c>ack</c> removes it. Publishes the retained
/// status on connect and periodically; the broker publishes the offline status (the last will) if the link dies.
/// </summary>
internal sealed partial class UplinkService(
    EdgeDevice device,
    OutboxStore outbox,
    LiveMessages live,
    MqttConnection connection,
    StatusReporter status,
    EdgeMetrics metrics,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<UplinkService> logger) : BackgroundService
{
    private const int MaxPerRound = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        connection.MessageReceived = (in MqttMessage message) => OnAck(message.Payload);
        var link = connection.RunAsync(async (_, ct) =>
        {
            await connection.SubscribeAsync(Topics.Ack(device.Id), ct);
            await PublishStatusAsync(status.Online(), ct);
        }, stoppingToken);
        var statusLoop = StatusLoopAsync(stoppingToken);
        try
        {
            await SendLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }

        if (connection.IsConnected)
        {
            using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await PublishStatusAsync(status.Offline(), goodbye.Token);
        }

        await Task.WhenAll(link, statusLoop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var rate = options.Value.MaxMessagesPerSecond;
        var tokens = rate;
        var refilled = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested)
        {
            await connection.WaitConnectedAsync(cancellationToken);
            tokens = Math.Min(rate, tokens + (time.GetElapsedTime(refilled).TotalSeconds * rate));
            refilled = time.GetTimestamp();
            if (tokens < 1)
            {
                await Task.Delay(TimeSpan.FromSeconds((1 - tokens) / rate), time, cancellationToken);
                continue;
            }

            // Live messages first, then the backlog and resends oldest first, within one budget.
            var budget = (int)Math.Min(tokens, MaxPerRound);
            var fresh = outbox.TakeUnsent(live.Take(budget));
            IReadOnlyList<OutboxEntry> due = fresh.Count < budget ? [.. fresh, .. outbox.TakeDue(budget - fresh.Count, device.Profile.Outbox.ResendAfter)] : fresh;
            if (due.Count == 0)
            {
                await live.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            tokens -= due.Count;
            var published = await Task.WhenAll(due.Select(entry => PublishAsync(Topics.Readings(device.Id), entry.Payload, retain: false, cancellationToken)));
            metrics.Published(published.Count(p => p));
        }
    }

    private async Task StatusLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.StatusInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (connection.IsConnected)
                {
                    await PublishStatusAsync(status.Online(), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private Task<bool> PublishStatusAsync(DeviceStatus report, CancellationToken cancellationToken) =>
        PublishAsync(Topics.Status(device.Id), WireCodec.Encode(report), retain: true, cancellationToken);

    /// <summary>True once the broker took the message (its PUBACK); false when it did not, and the outbox keeps it for a resend.</summary>
    private async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        try
        {
            await connection.PublishAsync(topic, payload, MqttQos.AtLeastOnce, retain, cancellationToken);
            return true;
        }
        catch (MqttException e) when (e.ReasonCode is { } refused)
        {
            // The broker answered and refused (0x87 not authorized: the ACL or the identity is wrong): not a network blip.
            metrics.PublishRefused();
            LogPublishRefused(topic, refused, e.Message);
            return false;
        }
        catch (MqttException e)
        {
            LogPublishFailed(topic, e.Message);
            return false;
        }
    }

    private void OnAck(ReadOnlySpan<byte> payload)
    {
        try
        {
            var ack = WireCodec.DecodeAck(payload);
            if (ack.Device == device.Id)
            {
                var removed = outbox.Acknowledge(ack);
                metrics.Acknowledged(removed);
                LogAcknowledged(ack.Stored.Count, ack.Rejected.Count, removed);
            }
        }
        catch (JsonException e)
        {
            LogBadAck(e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ack: {Stored} stored, {Rejected} rejected, {Removed} removed from the outbox")]
    private partial void LogAcknowledged(int stored, int rejected, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An ack that is not an ack: {Reason}")]
    private partial void LogBadAck(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the publish to {Topic} (reason 0x{Code:X2}): {Reason}; the outbox keeps it")]
    private partial void LogPublishRefused(string topic, int code, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publish to {Topic} failed: {Reason}; the outbox keeps it")]
    private partial void LogPublishFailed(string topic, string reason);
}
