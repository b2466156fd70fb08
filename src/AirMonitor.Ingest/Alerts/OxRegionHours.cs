using AirMonitor.AirQuality.Indices;
using AirMonitor.AirQuality.Series;

namespace AirMonitor.Ingest.Alerts;

/// <summary>
/// Each photochemical-oxidant issuance region's closed hours, gathered from its stations' series as the derivation
/// hands them over: every station's hourly Ox and how far its hours are complete. A region's hour is judged for a
/// level once its value reaches the level (more stations can only raise it) or once every live station of the region
/// has closed it. A station is live while its series keep coming (within <see cref="StationPatience"/> of the ingest's
/// clock), however far behind its data are: a station draining a backlog is waited for, one that went silent is not,
/// so a dead device never holds an advisory up for longer than that. Bounded: <see cref="KeepHours"/> per region.
/// </summary>
internal sealed class OxRegionHours
{
    /// <summary>Hours a region keeps behind its newest.</summary>
    public const int KeepHours = 48;

    /// <summary>A station whose series have not come for this long is not waited for: several derivation rounds of a live one.</summary>
    public static readonly TimeSpan StationPatience = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, Region> _regions = new(StringComparer.Ordinal);

    /// <summary>A region's hour: the highest station value (whole ppb) and its station; complete when every live station has closed it.</summary>
    public sealed record Hour(long StartMs, double MaxPpb, string Station, bool Complete);

    /// <summary>
    /// Adds <paramref name="station"/>'s closed hours (Ox in ppb, null where it has none) and how far its hours are
    /// closed, as its series came at <paramref name="now"/>, and returns the region's hours, oldest first.
    /// </summary>
    public IReadOnlyList<Hour> Add(string region, string station, IEnumerable<(long HourStartMs, double? OxPpb)> closed, long closedThroughMs, DateTimeOffset now)
    {
        if (!_regions.TryGetValue(region, out var r))
        {
            _regions[region] = r = new Region();
        }

        foreach (var (hour, ox) in closed)
        {
            if (ox is { } ppb)
            {
                if (!r.Values.TryGetValue(hour, out var stations))
                {
                    r.Values[hour] = stations = new Dictionary<string, double>(StringComparer.Ordinal);
                }

                stations[station] = JapanOx.ReportedPpb(ppb);
            }
        }

        r.Stations[station] = (Math.Max(closedThroughMs, r.Stations.TryGetValue(station, out var known) ? known.ClosedThrough : long.MinValue), now);
        foreach (var silent in r.Stations.Where(s => s.Value.HeardAt < now - StationPatience).Select(s => s.Key).ToList())
        {
            r.Stations.Remove(silent);
        }

        var newest = r.Stations.Values.Max(s => s.ClosedThrough);

        foreach (var old in r.Values.Keys.Where(h => h < newest - (KeepHours * HourlyMeans.HourMs)).ToList())
        {
            r.Values.Remove(old);
        }

        var complete = r.Stations.Values.Min(s => s.ClosedThrough);
        return
        [
            .. r.Values.Where(h => h.Key < newest).Select(h =>
            {
                var max = h.Value.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).First();
                return new Hour(h.Key, max.Value, max.Key, h.Key + HourlyMeans.HourMs <= complete);
            }),
        ];
    }

    private sealed class Region
    {
        public SortedDictionary<long, Dictionary<string, double>> Values { get; } = [];

        /// <summary>The live stations: how far each one's hours are closed, and when its series last came.</summary>
        public Dictionary<string, (long ClosedThrough, DateTimeOffset HeardAt)> Stations { get; } = new(StringComparer.Ordinal);
    }
}
