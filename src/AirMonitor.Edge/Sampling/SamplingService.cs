using AirMonitor.Core.Contract;
using AirMonitor.Core.Diagnostics;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Uplink;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AirMonitor.Edge.Sampling;

/// <summary>
/// Runs every sensor's sampler side by side, stamps readings through the clock guard, packs them into messages and
/// stores each message in the outbox before anything is sent. On stop, what is packed but not full is stored too.
/// A message the outbox cannot take (a full or failing disk) waits here, in order, and goes in at the next try: the
/// samplers never see the failure and keep sampling; past <c>Edge:MaxHeldReadings</c> samples the oldest are dropped
/// and counted.
/// </summary>
internal sealed partial class SamplingService(
    EdgeDevice device,
    SampleStamper stamper,
    OutboxStore outbox,
    LiveMessages live,
    EdgeMetrics metrics,
    IOptions<EdgeOptions> options,
    TimeProvider time,
    ILogger<SamplingService> logger) : BackgroundService
{
    private readonly ReadingPacker _packer = new(options.Value.SamplesPerMessage);
    private readonly Lock _storing = new();
    private readonly Queue<IReadOnlyList<Sample>> _unstored = new();
    private int _unstoredSamples;
    private readonly LogThrottle _storeFailures = new(time, LogThrottle.Minute);
    private (DateTimeOffset Since, string Error)? _failing;  // the outbox refuses writes: since when, the last error

    /// <summary>Samples packed into messages the outbox could not take yet.</summary>
    public int Unstored
    {
        get
        {
            lock (_storing)
            {
                return _unstoredSamples;
            }
        }
    }

    /// <summary>While the outbox refuses writes: since when, the last error and the samples waiting; null while it takes them.</summary>
    public (DateTimeOffset Since, string Error, int Unstored)? Failing
    {
        get
        {
            lock (_storing)
            {
                return _failing is var (since, error) ? (since, error, _unstoredSamples) : null;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var samplers = device.Samplers.Select(s => s.RunAsync(reading =>
        {
            // Most readings only join the packer; a full message goes in at once, with any that wait (the flush retries too).
            if (_packer.Add(stamper.Add(reading)) is [_, ..] full)
            {
                Store(full);
            }

            return ValueTask.CompletedTask;
        }, stoppingToken)).ToList();

        using var timer = new PeriodicTimer(options.Value.FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: fall through to the last flush
        }

        await Task.WhenAll(samplers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Flush();
        if (Unstored is > 0 and var lost)
        {
            LogLostAtStop(lost);
        }
    }

    private void Flush()
    {
        Store(_packer.Add(stamper.Release()));
        if (_packer.Flush() is { } rest)
        {
            Store([rest]);
        }
    }

    private void Store(IReadOnlyList<IReadOnlyList<Sample>> messages)
    {
        lock (_storing)
        {
            foreach (var samples in messages)
            {
                Hold(samples);
            }

            while (_unstored.TryPeek(out var samples))
            {
                OutboxEntry entry;
                try
                {
                    entry = outbox.Add(device.Id, samples);
                }
                catch (Exception e) when (e is SqliteException or IOException)
                {
                    // The outbox rolled the message back and keeps its seq for the next try.
                    metrics.OutboxWriteFailed();
                    _failing = (_failing?.Since ?? time.GetUtcNow(), e.Message);
                    if (_storeFailures.Due(out _))
                    {
                        LogStoreFailed(_unstoredSamples, e.Message);
                    }

                    return;
                }

                _unstored.Dequeue();
                _failing = null;
                _unstoredSamples -= samples.Count;
                metrics.Stored(samples.Count);
                LogStored(entry.Seq, samples.Count);
                live.Stored(entry.Seq);
            }
        }
    }

    private void Hold(IReadOnlyList<Sample> samples)
    {
        _unstored.Enqueue(samples);
        _unstoredSamples += samples.Count;
        while (_unstoredSamples > options.Value.MaxHeldReadings && _unstored.Count > 1)
        {
            var dropped = _unstored.Dequeue();
            _unstoredSamples -= dropped.Count;
            metrics.DroppedUnstored(dropped.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored message {Seq} with {Count} samples in the outbox")]
    private partial void LogStored(long seq, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping with {Lost} samples the outbox never took: they are lost")]
    private partial void LogLostAtStop(int lost);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox cannot take readings ({Reason}); {Held} samples wait in memory and go in when it can (logged once a minute)")]
    private partial void LogStoreFailed(int held, string reason);
}
