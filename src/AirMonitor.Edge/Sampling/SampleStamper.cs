using AirMonitor.Core.Contract;

namespace AirMonitor.Edge.Sampling;

/// <summary>A reading timed by the monotonic clock, not yet given its wall-clock time.</summary>
public sealed record UnstampedSample(long MonotonicTimestamp, string Sensor, IReadOnlyDictionary<string, double> Values, IReadOnlyList<string> Flags);

/// <summary>
/// Gives readings their wall-clock time. While the clock is not trusted it holds them (bounded, oldest dropped and
/// counted); once it is, every held reading is stamped with its true time (now minus its monotonic age) and released.
/// </summary>
public sealed class SampleStamper(ClockGuard clock, int maxHeld)
{
    private readonly Queue<UnstampedSample> _held = new();
    private readonly Lock _lock = new();

    public int Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Readings dropped because the clock stayed untrusted longer than the hold could cover.</summary>
    public long Dropped { get; private set; }

    /// <summary>Adds a reading; returns every reading that can be stamped now (held ones first, oldest first).</summary>
    public IReadOnlyList<Sample> Add(UnstampedSample reading)
    {
        lock (_lock)
        {
            _held.Enqueue(reading);
            while (_held.Count > maxHeld)
            {
                _held.Dequeue();
                Dropped++;
            }

            return Release();
        }
    }

    /// <summary>Stamps what is held if the clock is trusted now (called on a timer, so a quiet sensor does not keep readings waiting).</summary>
    public IReadOnlyList<Sample> Release()
    {
        lock (_lock)
        {
            if (_held.Count == 0 || !clock.IsSynchronized)
            {
                return [];
            }

            var released = new List<Sample>(_held.Count);
            while (_held.TryDequeue(out var reading))
            {
                var at = clock.Stamp(reading.MonotonicTimestamp)!.Value;
                released.Add(new Sample(at.ToUnixTimeMilliseconds(), reading.Sensor, reading.Values, reading.Flags.Count == 0 ? null : reading.Flags));
            }

            return released;
        }
    }
}
