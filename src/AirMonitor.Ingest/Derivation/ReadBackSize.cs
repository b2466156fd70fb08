using AirMonitor.AirQuality.Series;
namespace AirMonitor.Ingest.Derivation;

/// <summary>
/// How many stations one read-back query may take so that it returns about <see cref="ReadingsPerQuery"/> readings:
/// learnt per station and hour from the last query, so a round after a drain (48 hours a station) takes fewer stations
/// than a live round (one hour), and the first round, with nothing learnt, assumes one reading a second.
/// </summary>
internal sealed class ReadBackSize
{
    /// <summary>Readings one query should return, which bounds a round's memory however often stations report.</summary>
    public const int ReadingsPerQuery = 20_000;

    /// <summary>Assumed before the first query: one reading a second from one station (a 1 Hz particle sensor).</summary>
    public const double FirstGuessPerStationHour = 3_600;

    private double _perStationHour = FirstGuessPerStationHour;

    /// <summary>The hours a query over [<paramref name="firstHourMs"/>, <paramref name="lastHourMs"/> + 1 h) spans.</summary>
    public static int Hours(long firstHourMs, long lastHourMs) => (int)((lastHourMs - firstHourMs) / HourlyMeans.HourMs) + 1;

    /// <summary>Stations one query over <paramref name="hours"/> hours may take: at least one.</summary>
    public int Stations(int hours) => (int)Math.Max(1, ReadingsPerQuery / (_perStationHour * hours));

    /// <summary>Notes what a query over <paramref name="stations"/> stations and <paramref name="hours"/> hours returned.</summary>
    public void Learn(int readings, int stations, int hours) => _perStationHour = Math.Max(1, (double)readings / stations / hours);
}
