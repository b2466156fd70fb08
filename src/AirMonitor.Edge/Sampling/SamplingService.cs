using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
using AirMonitor.Edge.Uplink;
using Microsoft.Extensions.Options;

namespace AirMonitor.Edge.Sampling;

/// <summary>
/// Runs every sensor's sampler side by side, stamps readings through the clock guard, packs them into messages and
/// stores each message in the outbox before anything is sent. On stop, what is packed but not full is stored too.
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var samplers = device.Samplers.Select(s => s.RunAsync(reading =>
        {
            Store(_packer.Add(stamper.Add(reading)));
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
        foreach (var samples in messages)
        {
            var entry = outbox.Add(device.Id, samples);
            metrics.Stored(samples.Count);
            LogStored(entry.Seq, samples.Count);
            live.Stored(entry.Seq);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored message {Seq} with {Count} samples in the outbox")]
    private partial void LogStored(long seq, int count);
}
