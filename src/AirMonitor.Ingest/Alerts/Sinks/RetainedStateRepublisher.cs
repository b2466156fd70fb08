using AirMonitor.Ingest.Pipeline;
using AirMonitor.Mqtt;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts.Sinks;

/// <summary>
/// Publishes every station's retained alert state again (<see cref="MqttAlertSink.RepublishAsync"/>) after each
/// (re)connect of the connection the MQTT sink publishes on, and every <see cref="AlertOptions.RepublishInterval"/>:
/// a broker that crashed between two autosaves comes back without the retained messages of that time, or with older
/// ones. Only while this replica holds the alert lease, as for every delivery.
/// </summary>
internal sealed partial class RetainedStateRepublisher(
    BrokerConnections broker,
    MqttAlertSink sink,
    AlertLease lease,
    TimeProvider time,
    IOptions<AlertOptions> options,
    ILogger<RetainedStateRepublisher> logger) : BackgroundService
{
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    // Starts due: a start after the broker lost its retained messages is a reconnect too.
    private TaskCompletionSource _due = Due();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = broker.Publishing;
        var interval = options.Value.RepublishInterval;
        connection.Connected += OnConnected;
        try
        {
            while (true)
            {
                var due = Volatile.Read(ref _due).Task;
                if (!due.IsCompleted)
                {
                    await (interval > TimeSpan.Zero ? due.WaitAsync(interval, time, stoppingToken) : due.WaitAsync(stoppingToken))
                        .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    stoppingToken.ThrowIfCancellationRequested();
                }

                // A connect from here on, during the sweep, makes the next one due.
                Interlocked.Exchange(ref _due, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                await SweepAsync(sink, connection, time.GetUtcNow(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            connection.Connected -= OnConnected;
        }
    }

    private async Task SweepAsync(MqttAlertSink sink, MqttConnection connection, DateTimeOffset dueAt, CancellationToken stoppingToken)
    {
        while (true)
        {
            while (!lease.IsHeld)
            {
                if (lease.HeldElsewhereSince(dueAt))
                {
                    // The holder, alive since, republishes after its own reconnect; taking the lease over later is no reason to.
                    return;
                }

                await lease.WaitHeldAsync(stoppingToken).WaitAsync(TimeSpan.FromSeconds(1), time, stoppingToken)
                    .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                stoppingToken.ThrowIfCancellationRequested();
            }

            await connection.WaitConnectedAsync(stoppingToken);
            var started = time.GetTimestamp();
            try
            {
                var count = await sink.RepublishAsync(() => lease.IsHeld, stoppingToken);
                var elapsed = time.GetElapsedTime(started);
                LogRepublished(count, elapsed.TotalMilliseconds);
                return;
            }
            catch (MqttException e)
            {
                // The next connect makes the sweep due again anyway; this covers a refusal on a connection that stays up.
                LogFailed(e.Message);
                await Task.Delay(RetryAfterFailure, time, stoppingToken);
            }
        }
    }

    private void OnConnected(bool _) => Volatile.Read(ref _due).TrySetResult();

    private static TaskCompletionSource Due()
    {
        var due = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        due.SetResult();
        return due;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Republished the retained alert state of {Stations} stations in {Milliseconds:0} ms")]
    private partial void LogRepublished(int stations, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Republishing the retained alert states failed, trying again: {Reason}")]
    private partial void LogFailed(string reason);
}
