using AirMonitor.AirQuality.Alerts;
using AirMonitor.Ingest.Alerts.Sinks;
using AirMonitor.Ingest.Observability;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Delivers the alert store's outbox to each sink, in order, each sink on its own: a webhook that is down delays
/// only the webhook. A failed delivery is retried with a doubling backoff (1 s to 5 min) and the same event id;
/// an event a sink refuses for good is counted, logged and kept in the store. Delivered means removed from that
/// sink's queue, so a restart resumes where each sink stood. Once an hour it forgets events older than
/// <see cref="AlertOptions.KeepEvents"/> that every sink has taken.
/// </summary>
internal sealed partial class AlertDispatcher(
    AlertEngine engine,
    AlertStore store,
    AlertLease lease,
    IEnumerable<IAlertSink> sinks,
    IngestMetrics metrics,
    TimeProvider time,
    IOptions<AlertOptions> options,
    ILogger<AlertDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wakeUps = sinks.ToDictionary(s => s.Name, _ => new SemaphoreSlim(1));
        var fanOut = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await engine.Raised.WaitAsync(stoppingToken);
                    foreach (var wake in wakeUps.Values.Where(w => w.CurrentCount == 0))
                    {
                        wake.Release();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // stopping
            }
        }, CancellationToken.None);
        var prune = LocalState.EveryAsync(TimeSpan.FromHours(1), time, _ =>
        {
            try
            {
                store.Prune(time.GetUtcNow() - options.Value.KeepEvents);
            }
            catch (SqliteException)
            {
                // The store reported it (a full disk); the next hour prunes what this one did not.
            }

            return Task.CompletedTask;
        }, stoppingToken);
        // Each loop ends quietly on a stop and rides out a failing alert store; anything else surfaces here, to the host.
        await Task.WhenAll([.. sinks.Select(s => DeliverAsync(s, wakeUps[s.Name], stoppingToken)), fanOut, prune]);
    }

    private async Task DeliverAsync(IAlertSink sink, SemaphoreSlim wake, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await wake.WaitAsync(stoppingToken);
                while (store.Pending(sink.Name, 100) is { Count: > 0 } pending)
                {
                    foreach (var (seq, alert) in pending)
                    {
                        // With replicas, only the lease holder delivers; the others' queues shrink as they see it deliver.
                        await lease.WaitHeldAsync(stoppingToken);
                        if (!store.IsPending(sink.Name, seq))
                        {
                            continue;
                        }

                        await UntilDoneAsync(() => TryDeliverAsync(sink, alert, stoppingToken), stoppingToken);

                        // Taken off the queue on its own retry (the alert store's disk full), so the sink does not get it twice.
                        await UntilDoneAsync(() => Task.FromResult(TryMarkDelivered(sink.Name, seq)), stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is undelivered stays queued in the store for the next start.
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until it returns true, 1 s after a failure, doubling to 5 min.</summary>
    private async Task UntilDoneAsync(Func<Task<bool>> attempt, CancellationToken cancellationToken)
    {
        for (var delay = FirstRetry; !await attempt(); delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks)))
        {
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    /// <summary>False while the alert store cannot write (it reports why).</summary>
    private bool TryMarkDelivered(string sink, long seq)
    {
        try
        {
            store.Delivered(sink, seq);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>True when the event is done with for this sink: delivered, or refused for good.</summary>
    private async Task<bool> TryDeliverAsync(IAlertSink sink, AlertEvent alert, CancellationToken cancellationToken)
    {
        try
        {
            await sink.DeliverAsync(alert, ActiveAfter(alert), cancellationToken);
            return true;
        }
        catch (AlertDeliveryException e) when (!e.IsRetryable)
        {
            metrics.AlertUndeliverable(sink.Name);
            LogRefused(sink.Name, alert.Id, alert.State.TagValue(), e.Message);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            metrics.AlertDeliveryFailed(sink.Name);
            LogFailed(sink.Name, alert.Id, alert.State.TagValue(), e.Message);
            return false;
        }
    }

    /// <summary>The station's firing alerts as they stand after <paramref name="alert"/>.</summary>
    private List<AlertEvent> ActiveAfter(AlertEvent alert)
    {
        var active = engine.Firing(alert.Station).Where(e => e.Id != alert.Id).ToList();
        if (alert.State == AlertState.Firing)
        {
            active.Add(alert);
        }

        return active;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert sink {Sink} failed to take {Id} ({State}), retrying: {Reason}")]
    private partial void LogFailed(string sink, string id, string state, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sink {Sink} refused {Id} ({State}) for good; kept in the alert store: {Reason}")]
    private partial void LogRefused(string sink, string id, string state, string reason);
}
