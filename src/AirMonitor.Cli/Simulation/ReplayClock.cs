namespace AirMonitor.Cli.Simulation;

/// <summary>
/// A clock set to the moment being replayed: the edge's sampler and stamper read it, so a reading of a past moment is
/// timed and stamped at that moment. Its monotonic timestamp is the wall clock's ticks; it is only ever set forward.
/// </summary>
internal sealed class ReplayClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, Math.Max(Interlocked.Read(ref _ticks), value.UtcTicks));
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
