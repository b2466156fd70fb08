namespace AirMonitor.Edge.Outbox;

/// <summary>One readings message waiting in the outbox for the ingest's ack.</summary>
/// <param name="Seq">The message's <c>seq</c>, assigned once when it was added and sent unchanged every time.</param>
/// <param name="Device">The device the message is from (its topic's <c>{device}</c>).</param>
/// <param name="Payload">The encoded <c>ReadingBatch</c> exactly as first stored.</param>
/// <param name="CreatedAt">When it was added (the outbox's clock, not the samples' <c>ts</c>).</param>
/// <param name="Attempts">How many times it was handed out for sending.</param>
/// <param name="LastSentAt">When it was last handed out for sending; <see langword="null"/> if never.</param>
public sealed record OutboxEntry(long Seq, string Device, ReadOnlyMemory<byte> Payload, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? LastSentAt);

/// <summary>Messages the outbox dropped, oldest first, to stay within <see cref="OutboxOptions.MaxBytes"/>.</summary>
/// <param name="Count">How many this time.</param>
/// <param name="FirstSeq">The lowest seq dropped this time.</param>
/// <param name="LastSeq">The highest seq dropped this time.</param>
/// <param name="EvictedTotal">All evictions this outbox has counted, persisted across restarts.</param>
public sealed class OutboxEvictionEventArgs(long count, long firstSeq, long lastSeq, long evictedTotal) : EventArgs
{
    public long Count { get; } = count;

    public long FirstSeq { get; } = firstSeq;

    public long LastSeq { get; } = lastSeq;

    public long EvictedTotal { get; } = evictedTotal;
}
