namespace AirMonitor.Ingest.DeadLetters;

/// <summary>
/// Per device, a token bucket of dead letters: <c>perMinute</c> at once, refilled evenly over a minute. At most
/// <c>maxDevices</c> buckets are kept; the device heard from least recently is forgotten first (and starts again full).
/// Not thread-safe: <see cref="DeadLetterStore"/> holds its lock around it.
/// </summary>
internal sealed class DeviceLetterQuota(int perMinute, int maxDevices, TimeProvider time)
{
    private readonly Dictionary<string, LinkedListNode<Bucket>> _buckets = new(StringComparer.Ordinal);
    private readonly LinkedList<Bucket> _byRecency = new();
    private readonly double _perSecond = perMinute / 60.0;

    public int Tracked => _buckets.Count;

    /// <summary>Takes one letter from <paramref name="device"/>'s bucket; false when it is empty.</summary>
    public bool TryTake(string device)
    {
        var now = time.GetTimestamp();
        if (_buckets.TryGetValue(device, out var node))
        {
            _byRecency.Remove(node);
            _byRecency.AddFirst(node);
            var bucket = node.Value;
            bucket.Tokens = Math.Min(perMinute, bucket.Tokens + time.GetElapsedTime(bucket.At, now).TotalSeconds * _perSecond);
            bucket.At = now;
        }
        else
        {
            if (_buckets.Count >= maxDevices)
            {
                _buckets.Remove(_byRecency.Last!.Value.Device);
                _byRecency.RemoveLast();
            }

            node = _byRecency.AddFirst(new Bucket(device) { Tokens = perMinute, At = now });
            _buckets.Add(device, node);
        }

        if (node.Value.Tokens < 1)
        {
            return false;
        }

        node.Value.Tokens--;
        return true;
    }

    private sealed class Bucket(string device)
    {
        public string Device { get; } = device;

        public double Tokens { get; set; }

        public long At { get; set; }
    }
}
