using AirMonitor.AirQuality.Series;
using AirMonitor.Core.Metrics;

namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// Which station hours have new stored readings since they were last derived, and up to when each station's readings
/// are complete. Fed by the ack stage with each settled message; drained by the <see cref="DerivedSeriesWriter"/>.
/// </summary>
/// <remarks>
/// An edge sends live messages ahead of its backlog, so "the newest reading" does not mean "everything before it is
/// in". A device's readings are complete up to the newest message whose seq, and every seq below it, is settled (the
/// seq ledger knows, for every replica's messages). Messages above a missing seq are held back: the hours they close
/// and the readings they carry are judged only once the gap fills, in data-time order, as if they had come on time.
/// A gap unfilled for <c>gapPatience</c> is taken as lost, so one lost message cannot stop a station's alerts.
/// </remarks>
/// <param name="contiguousThrough">The device's highest seq with none missing below it (the seq ledger's view).</param>
/// <param name="domain">Whose readings it follows: the <c>air</c> readings (the hourly series) or the <c>emission</c> ones (the stacks').</param>
public sealed class DerivationBacklog(Func<string, long?> contiguousThrough, TimeProvider time, TimeSpan gapPatience, MetricDomain domain = MetricDomain.Air)
    : ISettledMessages
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StationWork> _dirty = new(StringComparer.Ordinal);

    // Every station seen, with the registry tags of its derived points.
    private readonly Dictionary<string, StationWork> _works = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceProgress> _devices = new(StringComparer.Ordinal);

    /// <summary>This replica's settled messages (another replica derives what it stored).</summary>
    void ISettledMessages.Settled(IReadOnlyList<SettledMessage> messages)
    {
        foreach (var message in messages)
        {
            if (message.Settlement is Settlement.Stored or Settlement.Rejected)
            {
                Settled(message.Device, message.Seq, domain == MetricDomain.Air ? message.Air : message.Emission);
            }
        }
    }

    /// <summary>
    /// Notes a settled message of <paramref name="device"/>: the span of its stored readings of the domain (null when it
    /// stored none) and its seq, null when it has none to account (then it counts as complete).
    /// </summary>
    public void Settled(string device, long? seq, ReadingSpan? span)
    {
        var contiguous = contiguousThrough(device);
        lock (_lock)
        {
            if (span is { } readings)
            {
                var work = Work(readings);
                for (var hour = HourlyMeans.HourOf(readings.FirstTs); hour <= HourlyMeans.HourOf(readings.LastTs); hour += HourlyMeans.HourMs)
                {
                    work.Hours.Add(hour);
                }

                if (!_devices.TryGetValue(device, out var progress))
                {
                    _devices[device] = progress = new DeviceProgress(work.Station) { LastAdvance = time.GetUtcNow() };
                }

                if (seq is { } s && !(s <= contiguous))
                {
                    progress.HeldBack[s] = readings.LastTs;
                }
                else
                {
                    Advance(progress, readings.LastTs);
                }
            }

            if (_devices.TryGetValue(device, out var known))
            {
                Release(known, contiguous, lost: false);
            }
        }
    }

    /// <summary>
    /// Takes every station's dirty hours, at most <paramref name="maxHours"/> of each, oldest first (the rest stay for
    /// the next round, so a drained backlog is worked through in order); first releases messages whose gap filled or
    /// timed out.
    /// </summary>
    public IReadOnlyList<StationWork> Take(int maxHours)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var (device, progress) in _devices.Where(d => d.Value.HeldBack.Count > 0))
            {
                Release(progress, contiguousThrough(device), lost: now - progress.LastAdvance > gapPatience);
            }

            var work = new List<StationWork>(_dirty.Count);
            foreach (var (station, dirty) in _dirty.ToList())
            {
                var hours = dirty.Hours.Take(maxHours).ToList();
                work.Add(dirty with { Hours = [.. hours] });
                dirty.Hours.ExceptWith(hours);
                if (dirty.Hours.Count == 0)
                {
                    _dirty.Remove(station);
                }
            }

            return work;
        }
    }

    /// <summary>Puts back work that could not be done (InfluxDB unavailable), to be tried in the next round.</summary>
    public void Return(StationWork work)
    {
        lock (_lock)
        {
            if (_dirty.TryGetValue(work.Station, out var newer))
            {
                newer.Hours.UnionWith(work.Hours);
            }
            else
            {
                _dirty[work.Station] = work;
            }
        }
    }

    /// <summary>
    /// The time up to which <paramref name="station"/>'s readings are complete: the least complete of its devices that
    /// wait for a gap to fill, or else the newest complete reading of any. Null before anything of it is known.
    /// </summary>
    public long? CompleteThrough(string station)
    {
        lock (_lock)
        {
            var devices = _devices.Values.Where(d => d.Station == station && d.CompleteTs is not null).ToList();
            var waiting = devices.Where(d => d.HeldBack.Count > 0).ToList();
            return waiting.Count > 0 ? waiting.Min(d => d.CompleteTs) : devices.Count > 0 ? devices.Max(d => d.CompleteTs) : null;
        }
    }

    /// <summary>Folds held-back messages at or below the contiguous seq (all of them when the gap is given up as lost).</summary>
    private void Release(DeviceProgress progress, long? contiguous, bool lost)
    {
        while (progress.HeldBack.Count > 0 && (lost || progress.HeldBack.Keys.First() <= contiguous))
        {
            var (seq, ts) = progress.HeldBack.First();
            progress.HeldBack.Remove(seq);
            Advance(progress, ts);
        }
    }

    /// <summary>The device is complete up to <paramref name="ts"/>: the hours it closes are derived again, to be judged whole.</summary>
    private void Advance(DeviceProgress progress, long ts)
    {
        progress.LastAdvance = time.GetUtcNow();
        if (progress.CompleteTs is { } before && ts <= before)
        {
            return;
        }

        if (progress.CompleteTs is { } previous && _works.TryGetValue(progress.Station, out var work))
        {
            for (var hour = HourlyMeans.HourOf(previous); hour <= HourlyMeans.HourOf(ts); hour += HourlyMeans.HourMs)
            {
                Dirty(work).Hours.Add(hour);
            }
        }

        progress.CompleteTs = ts;
    }

    /// <summary>The station's entry among the dirty ones.</summary>
    private StationWork Work(ReadingSpan readings)
    {
        if (!_works.TryGetValue(readings.Station, out var known))
        {
            _works[readings.Station] = known = new StationWork(readings.Station, readings.StationTags, []);
        }

        return Dirty(known);
    }

    private StationWork Dirty(StationWork station)
    {
        if (!_dirty.TryGetValue(station.Station, out var work))
        {
            _dirty[station.Station] = work = station with { Hours = [] };
        }

        return work;
    }

    private sealed class DeviceProgress(string station)
    {
        public string Station { get; } = station;

        public long? CompleteTs { get; set; }

        public SortedDictionary<long, long> HeldBack { get; } = [];

        public DateTimeOffset LastAdvance { get; set; }
    }
}

/// <summary>One station's hours to derive again, and the registry tags its derived points carry.</summary>
public sealed record StationWork(string Station, IReadOnlyList<KeyValuePair<string, string>> Tags, SortedSet<long> Hours);

