namespace AirMonitor.AirQuality.Indices;

/// <summary>
/// Kanagawa's photochemical-smog emergency measures per issuance region (発令地域), as a state machine fed one closed hour
/// at a time: it issues, raises, lowers and lifts 注意報 / 警報 / 重大緊急時警報 per region and keeps the day's
/// 発令状況 (issue and lift hour, highest level, highest value and its station).
/// </summary>
/// <remarks>
/// <para>Rules (神奈川県大気汚染緊急時措置要綱 別表第2 発令基準等, thresholds in <see cref="JapanOx"/>):</para>
/// <list type="bullet">
/// <item>Issue or raise a region to a level when its stations' 1-h value reaches the level (≥) <b>and</b> the weather is
/// expected to let that state continue (<see cref="OxHourReadings.ConditionPersistsByRegion"/>, default: it does).
/// <see cref="MinStationsToIssue"/> stations must reach the level (default 1: the prefecture's releases name one station
/// "at issuance"; the 要綱's own text on station counts was not seen).</item>
/// <item>Below a warning's criterion while pollution continues: switch down to the level the values still meet (警報 →
/// 注意報, 重大緊急時警報 → 警報 or 注意報), with no weather condition.</item>
/// <item>Lift (解除) when every reporting station of the region is below 0.12 ppm <b>and</b> that is expected to continue.
/// Below 0.12 but not expected to stay there: a warning falls to an advisory, an advisory stays.</item>
/// </list>
/// <para>A station not in any region is ignored. A region none of whose stations has a value this hour (missing hours)
/// keeps its state: missing data neither issues nor lifts. Events carry the hour label (1…24) of the value that caused
/// them; the prefecture announces about 20 minutes after that hour (a 13 h value → issued 13:20).</para>
/// <para>Pure arithmetic: no clock, no I/O. Hours are fed in time order; gaps are allowed.</para>
/// </remarks>
public sealed class OxAdvisories
{
    public const string Source =
        "神奈川県大気汚染緊急時措置要綱 (Kanagawa, based on 大気汚染防止法 第23条 and 生活環境の保全等に関する条例 第112条): " +
        "第2条 (issuance decided on the reference stations), 第6条 (警報), 別表第2 発令基準等: issue at 0.12 / 0.24 / 0.4 ppm " +
        "or more when the state is expected to continue; lift below the advisory criterion when that is expected to continue; " +
        "a warning below its criterion with pollution continuing switches to an advisory. Issuance table fields from the " +
        "prefecture's 発令状況 releases (発令時刻, 解除時刻, 発令時の測定局・濃度, 発令時間中の最高濃度と測定局)";

    private readonly List<RegionState> _regions = [];
    private readonly Dictionary<string, RegionState> _regionOfStation = new(StringComparer.Ordinal);
    private readonly List<OxAdvisoryEpisode> _episodes = [];
    private int? _lastHour;

    /// <param name="regions">The issuance regions and the ids of the stations judged for each (configuration).</param>
    /// <param name="minStationsToIssue">How many of a region's stations must reach a level to issue it (default 1).</param>
    /// <exception cref="ArgumentException">No region, a blank or repeated region name, a region without stations, or a
    /// station listed in two regions.</exception>
    public OxAdvisories(IEnumerable<OxRegion> regions, int minStationsToIssue = 1)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentOutOfRangeException.ThrowIfLessThan(minStationsToIssue, 1);
        MinStationsToIssue = minStationsToIssue;
        HashSet<string> names = new(StringComparer.Ordinal);
        foreach (OxRegion region in regions)
        {
            ArgumentNullException.ThrowIfNull(region);
            if (string.IsNullOrWhiteSpace(region.Name) || !names.Add(region.Name))
            {
                throw new ArgumentException($"Region name '{region.Name}' is blank or repeated.", nameof(regions));
            }

            if (region.StationIds is not { Count: > 0 })
            {
                throw new ArgumentException($"Region '{region.Name}' has no stations.", nameof(regions));
            }

            RegionState state = new(region);
            _regions.Add(state);
            foreach (string station in region.StationIds)
            {
                if (!_regionOfStation.TryAdd(station, state))
                {
                    throw new ArgumentException(
                        $"Station '{station}' is in both '{_regionOfStation[station].Region.Name}' and '{region.Name}'.", nameof(regions));
                }
            }
        }

        if (_regions.Count == 0)
        {
            throw new ArgumentException("At least one region is needed.", nameof(regions));
        }
    }

    public int MinStationsToIssue { get; }

    /// <summary>Every episode so far (one per issuance, in issue order); the open ones have no lift time.</summary>
    public IReadOnlyList<OxAdvisoryEpisode> Episodes => _episodes;

    /// <summary>The level a region is under now.</summary>
    /// <exception cref="KeyNotFoundException">No region of that name.</exception>
    public OxAlertLevel LevelOf(string region) =>
        _regions.Find(r => r.Region.Name == region)?.Level ?? throw new KeyNotFoundException($"No region '{region}'.");

    /// <summary>The day's 発令状況: the episodes issued on <paramref name="day"/>, in issue order (then region order).</summary>
    public IReadOnlyList<OxAdvisoryEpisode> DaySummary(DateOnly day) => [.. _episodes.Where(e => e.IssuedDay == day)];

    /// <summary>Feeds one closed hour and returns what changed, in region order.</summary>
    /// <exception cref="ArgumentException">The hour is not after the previous one fed, or a value is negative or not finite.</exception>
    public IReadOnlyList<OxAdvisoryEvent> Advance(OxHourReadings hour)
    {
        ArgumentNullException.ThrowIfNull(hour);
        ArgumentNullException.ThrowIfNull(hour.OxPpbByStation);
        ArgumentOutOfRangeException.ThrowIfLessThan(hour.HourLabel, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour.HourLabel, 24);
        int position = (hour.Day.DayNumber * 24) + hour.HourLabel;
        if (position <= _lastHour)
        {
            throw new ArgumentException("Hours must be fed in time order, each once.", nameof(hour));
        }

        Dictionary<RegionState, List<OxStationReading>> readings = [];
        foreach ((string station, double? ppb) in hour.OxPpbByStation)
        {
            if (ppb is not { } value || !_regionOfStation.TryGetValue(station, out RegionState? region))
            {
                continue;
            }

            double ppm = Concentrations.PartsPerBillionToPartsPerMillion(JapanOx.RequireConcentration(value));
            if (!readings.TryGetValue(region, out List<OxStationReading>? list))
            {
                readings[region] = list = [];
            }

            list.Add(new OxStationReading(station, ppm));
        }

        _lastHour = position;
        List<OxAdvisoryEvent> events = [];
        foreach (RegionState region in _regions)
        {
            if (!readings.TryGetValue(region, out List<OxStationReading>? list))
            {
                continue;
            }

            list.Sort((a, b) => b.OxPpm.CompareTo(a.OxPpm));
            bool persists = hour.ConditionPersistsByRegion?.GetValueOrDefault(region.Region.Name, true) ?? true;
            if (Step(region, list, persists, hour) is { } change)
            {
                events.Add(change);
            }

            region.TrackMaximum(list[0], hour, _episodes);
        }

        return events;
    }

    private OxAdvisoryEvent? Step(RegionState region, List<OxStationReading> sortedReadings, bool persists, OxHourReadings hour)
    {
        OxAlertLevel current = region.Level;
        OxAlertLevel reached = LevelReached(sortedReadings);
        (OxAdvisoryChange Change, OxAlertLevel Level)? next = null;
        if (reached > current && persists)
        {
            next = (current == OxAlertLevel.None ? OxAdvisoryChange.Issued : OxAdvisoryChange.Raised, reached);
        }
        else if (reached < current && reached != OxAlertLevel.None)
        {
            next = (OxAdvisoryChange.Lowered, reached);
        }
        else if (reached == OxAlertLevel.None && current != OxAlertLevel.None)
        {
            if (persists)
            {
                next = (OxAdvisoryChange.Lifted, OxAlertLevel.None);
            }
            else if (current > OxAlertLevel.Advisory)
            {
                next = (OxAdvisoryChange.Lowered, OxAlertLevel.Advisory);
            }
        }

        if (next is not { } n)
        {
            return null;
        }

        OxStationReading[] stations = n.Level == OxAlertLevel.None
            ? [.. sortedReadings]
            : [.. sortedReadings.Where(r => r.OxPpm >= JapanOx.ThresholdPpm(n.Level))];
        if (stations.Length == 0)
        {
            stations = [.. sortedReadings];
        }

        OxAdvisoryEvent change = new(region.Region.Name, n.Change, n.Level, current, hour.Day, hour.HourLabel, stations);
        region.Apply(change, _episodes);
        return change;
    }

    private OxAlertLevel LevelReached(List<OxStationReading> sortedReadings) =>
        sortedReadings.Count >= MinStationsToIssue
            ? JapanOx.LevelOf(sortedReadings[MinStationsToIssue - 1].OxPpm)
            : OxAlertLevel.None;

    private sealed class RegionState(OxRegion region)
    {
        public OxRegion Region { get; } = region;

        public OxAlertLevel Level { get; private set; }

        /// <summary>Index of the open episode in the shared list, if any.</summary>
        private int? _episode;

        public void Apply(OxAdvisoryEvent change, List<OxAdvisoryEpisode> episodes)
        {
            Level = change.Level;
            switch (change.Change)
            {
                case OxAdvisoryChange.Issued:
                    OxStationReading first = change.Stations[0];
                    episodes.Add(new OxAdvisoryEpisode(Region.Name, change.Day, change.HourLabel, first, change.Level,
                        first, change.Day, change.HourLabel, null, null));
                    _episode = episodes.Count - 1;
                    break;
                case OxAdvisoryChange.Raised when _episode is { } open:
                    episodes[open] = episodes[open] with { MaxLevel = change.Level > episodes[open].MaxLevel ? change.Level : episodes[open].MaxLevel };
                    break;
                case OxAdvisoryChange.Lifted when _episode is { } open:
                    episodes[open] = episodes[open] with { LiftedDay = change.Day, LiftedHourLabel = change.HourLabel };
                    _episode = null;
                    break;
                default:
                    break;
            }
        }

        /// <summary>The highest value while the episode is open (the lifting hour's values do not count).</summary>
        public void TrackMaximum(OxStationReading highest, OxHourReadings hour, List<OxAdvisoryEpisode> episodes)
        {
            if (_episode is { } open && highest.OxPpm > episodes[open].Max.OxPpm)
            {
                episodes[open] = episodes[open] with { Max = highest, MaxDay = hour.Day, MaxHourLabel = hour.HourLabel };
            }
        }
    }
}

/// <summary>An issuance region and the ids of the stations judged for it (from configuration: our registry's ids).</summary>
public sealed record OxRegion(string Name, IReadOnlyList<string> StationIds);

/// <summary>
/// One closed hour's Ox 1-h values by station id, in ppb (null or absent = missing), labelled by the hour they end.
/// </summary>
/// <param name="Day">The local date the hour belongs to (label 24 is 23:00–24:00 of this day).</param>
/// <param name="HourLabel">1…24, the hour the value ends (<see cref="JapanPm25.HourLabel"/>).</param>
public sealed record OxHourReadings(DateOnly Day, int HourLabel, IReadOnlyDictionary<string, double?> OxPpbByStation)
{
    /// <summary>
    /// Per region: whether the weather is expected to let the state this hour shows continue (気象条件からみて継続すると
    /// 認められる): above a level, that it stays above; below 0.12 ppm, that it stays below. A region not listed (or a
    /// null map) continues. The forecaster's judgement, so the caller's input.
    /// </summary>
    public IReadOnlyDictionary<string, bool>? ConditionPersistsByRegion { get; init; }
}

public enum OxAdvisoryChange
{
    /// <summary>発令: the region had no level and now has one.</summary>
    Issued,

    /// <summary>A higher level (切り換え upwards, e.g. 注意報 → 警報).</summary>
    Raised,

    /// <summary>A lower level that is not none (警報 → 注意報).</summary>
    Lowered,

    /// <summary>解除: every level lifted.</summary>
    Lifted,
}

/// <summary>One station's 1-h Ox value, in ppm.</summary>
public sealed record OxStationReading(string StationId, double OxPpm);

/// <summary>
/// A change in one region at one hour. <see cref="Stations"/>: for Issued/Raised/Lowered the stations at or above the new
/// level, highest first; for Lifted every reporting station of the region, highest first.
/// </summary>
public sealed record OxAdvisoryEvent(
    string Region,
    OxAdvisoryChange Change,
    OxAlertLevel Level,
    OxAlertLevel PreviousLevel,
    DateOnly Day,
    int HourLabel,
    IReadOnlyList<OxStationReading> Stations);

/// <summary>
/// One issuance in one region from issue to lift, as a row of the prefecture's 発令状況: issue hour and the station and
/// value at issuance, the highest level reached, the highest value while in force with its station and hour, and the
/// lift hour (null while still in force).
/// </summary>
public sealed record OxAdvisoryEpisode(
    string Region,
    DateOnly IssuedDay,
    int IssuedHourLabel,
    OxStationReading IssuedOn,
    OxAlertLevel MaxLevel,
    OxStationReading Max,
    DateOnly MaxDay,
    int MaxHourLabel,
    DateOnly? LiftedDay,
    int? LiftedHourLabel)
{
    public bool InForce => LiftedDay is null;
}

/// <summary>Kanagawa's issuance regions (発令地域): the names, with their source; station ids come from configuration.</summary>
public static class KanagawaOxRegions
{
    public const string Source =
        "Kanagawa Prefecture's releases 光化学大気汚染緊急時措置の発令状況について (21 Jul 2010, 30 Aug 2010) name the " +
        "issuance regions 横浜, 川崎, 相模原, 横須賀, 湘南, 県央, 西湘 (the division used since FY2010; 北相 before it); " +
        "Atsugi City (2021) says the prefecture is divided into 8 regions: the eighth name was not found. The reference " +
        "stations of each region are in the 要綱's 別表第1 (not seen): which of our stations belong where is configuration";

    public const string Yokohama = "横浜";
    public const string Kawasaki = "川崎";
    public const string Sagamihara = "相模原";
    public const string Yokosuka = "横須賀";
    public const string Shonan = "湘南";
    public const string Kenou = "県央";
    public const string Seisho = "西湘";

    /// <summary>The seven names confirmed in the prefecture's releases. Yokohama City is one region.</summary>
    public static IReadOnlyList<string> Names { get; } = [Yokohama, Kawasaki, Sagamihara, Yokosuka, Shonan, Kenou, Seisho];
}
