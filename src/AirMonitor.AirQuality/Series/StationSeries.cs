namespace AirMonitor.AirQuality.Series;

/// <summary>
/// What the alert engine is shown of one station after a round: its indices (hour by hour, from a day before the
/// changed hours), the raw readings of the changed hours, their sensors' hours, and the time up to which its readings
/// are complete: readings after it, and the hour it falls in, wait for a later round.
/// </summary>
/// <param name="CorrectedPmDevices">The station's devices whose PM2.5 the indices and alerts take EPA-corrected (registry <c>pm_correction</c>).</param>
public sealed record StationSeries(
    string Station,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<StationIndex> Indices,
    IReadOnlyList<RawReading> Readings,
    IReadOnlyList<SensorHour> SensorHours,
    long CompleteThroughMs,
    IReadOnlySet<string> CorrectedPmDevices)
{
    /// <summary>The first hour not known to be whole.</summary>
    public long OpenHourStartMs => HourlyMeans.HourOf(CompleteThroughMs);
}
