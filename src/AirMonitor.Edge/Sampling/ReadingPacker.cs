using AirMonitor.Core.Contract;

namespace AirMonitor.Edge.Sampling;

/// <summary>
/// Gathers stamped samples and packs them into one message per <see cref="MaxSamples"/> or per flush, so a device
/// sends a few messages a minute rather than one per reading. What it hands on goes to the outbox at once.
/// </summary>
public sealed class ReadingPacker(int maxSamples)
{
    private readonly List<Sample> _pending = [];
    private readonly Lock _lock = new();

    public int MaxSamples { get; } = maxSamples;

    /// <summary>Adds samples; returns full messages' worth of samples to store now.</summary>
    public IReadOnlyList<IReadOnlyList<Sample>> Add(IEnumerable<Sample> samples)
    {
        lock (_lock)
        {
            _pending.AddRange(samples);
            var full = new List<IReadOnlyList<Sample>>();
            while (_pending.Count >= MaxSamples)
            {
                full.Add(_pending[..MaxSamples]);
                _pending.RemoveRange(0, MaxSamples);
            }

            return full;
        }
    }

    /// <summary>Whatever is pending, as one message (null when nothing is).</summary>
    public IReadOnlyList<Sample>? Flush()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return null;
            }

            var all = _pending.ToList();
            _pending.Clear();
            return all;
        }
    }
}
