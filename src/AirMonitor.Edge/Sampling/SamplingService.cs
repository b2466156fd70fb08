using System.Threading.Channels;
using AirMonitor.Core.Contract;
using AirMonitor.Edge.Outbox;
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

/// <summary>
/// The seqs of messages just stored, for the uplink to send ahead of any backlog (live readings are never starved by
/// a drain). Bounded: while the link is down the oldest fall out and simply wait in the outbox with the backlog.
/// </summary>
public sealed class LiveMessages
{
    private const int Capacity = 16;

    private readonly Channel<long> _seqs = Channel.CreateBounded<long>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public void Stored(long seq) => _seqs.Writer.TryWrite(seq);

    /// <summary>Up to <paramref name="max"/> seqs, oldest first.</summary>
    public IReadOnlyList<long> Take(int max)
    {
        var seqs = new List<long>();
        while (seqs.Count < max && _seqs.Reader.TryRead(out var seq))
        {
            seqs.Add(seq);
        }

        return seqs;
    }

    /// <summary>Waits until something is stored, or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _seqs.Reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // timed out: the caller looks at the outbox again
        }
    }
}
