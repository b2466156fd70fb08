using System.Threading.Channels;

namespace AirMonitor.Edge.Uplink;

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
