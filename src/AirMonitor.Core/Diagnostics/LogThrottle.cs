namespace AirMonitor.Core.Diagnostics;

/// <summary>
/// For a problem that repeats: logged the first time, then at most once per interval, each line saying how often it
/// happened since the one before. Not thread-safe: the caller's lock guards it.
/// </summary>
public sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private long? _loggedAt;
    private int _count;

    /// <summary>The usual interval: once a minute.</summary>
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Counts one occurrence; true when a line is due, <paramref name="count"/> then the occurrences it covers (this one included).</summary>
    public bool Due(out int count)
    {
        _count++;
        var now = time.GetTimestamp();
        if (_loggedAt is { } at && time.GetElapsedTime(at, now) < interval)
        {
            count = 0;
            return false;
        }

        (count, _count, _loggedAt) = (_count, 0, now);
        return true;
    }
}
