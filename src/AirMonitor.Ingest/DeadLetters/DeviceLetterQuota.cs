namespace AirMonitor.Ingest.DeadLetters;

/// <summary>
/// Per device, a token bucket of dead letters: <c>perMinute</c> at once, refilled evenly over a minute. At most
/// <c>maxDevices</c> buckets are kept; the device heard from least recently is forgotten first (and starts again full).
/// Not thread-safe: <see cref="DeadLetterStore"/> holds its lock around it.
/// </summary>
internal sealed class DeviceLetterQuota
{
    private readonly RecentDevices<Bucket> _buckets;
    private readonly int _perMinute;
    private readonly double _perSecond;
    private readonly TimeProvider _time;

    public DeviceLetterQuota(int perMinute, int maxDevices, TimeProvider time)
    {
        _perMinute = perMinute;
        _perSecond = perMinute / 60.0;
        _time = time;
        _buckets = new(maxDevices, () => new Bucket { Tokens = perMinute, At = time.GetTimestamp() });
    }

    public int Tracked => _buckets.Count;

    /// <summary>Takes one letter from <paramref name="device"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(string device)
    {
        // Read after Touch: a new bucket's time is then never after now, and it stays full.
        var bucket = _buckets.Touch(device);
        var now = _time.GetTimestamp();
        bucket.Tokens = Math.Min(_perMinute, bucket.Tokens + _time.GetElapsedTime(bucket.At, now).TotalSeconds * _perSecond);
        bucket.At = now;
        if (bucket.Tokens < 1)
        {
            return false;
        }

        bucket.Tokens--;
        return true;
    }

    /// <summary>Gives back the letter just taken for <paramref name="device"/>: its write failed, and the message will come again.</summary>
    public void GiveBack(string device)
    {
        var bucket = _buckets.Touch(device);
        bucket.Tokens = Math.Min(_perMinute, bucket.Tokens + 1);
    }

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public long At { get; set; }
    }
}
