namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// When a day of half-hourly averages gives a valid daily average: at most <see cref="MaxDiscarded"/> operating periods
/// discarded for one of <see cref="DiscardCauses"/>, and, when set, at least <see cref="MinValidTime"/> of valid periods.
/// </summary>
/// <param name="MaxDiscarded">IED Annex VI Part 8 1.1: "no more than five half-hourly average values in any day shall be
/// discarded" (5: exactly five is still valid). 13./44. BImSchV: invalid with "more than six" (6).</param>
/// <param name="DiscardCauses">The invalid-period causes that count as discarded. The IED names "malfunction or maintenance
/// of the continuous measurement system"; by default every cause of an invalid operating period counts, since each is a
/// failure of that system (the analyser, its sampling or the DAHS); pass a narrower set to read the text literally.</param>
/// <param name="MinValidTime">EN 17255-1's qualifying period for a daily average: 6 h of valid short-term averages
/// [V Uniper summary]; null to leave it out.</param>
public sealed record ValidDayRule(int MaxDiscarded, IReadOnlySet<StaStatus> DiscardCauses, TimeSpan? MinValidTime)
{
    /// <summary>Every status of an invalid operating period.</summary>
    public static IReadOnlySet<StaStatus> AllInvalidCauses { get; } = new HashSet<StaStatus>
    {
        StaStatus.NoData, StaStatus.Malfunction, StaStatus.Maintenance, StaStatus.FunctionCheck,
        StaStatus.OutOfSpecOrNotMeasuring, StaStatus.TooFewValues,
    };

    /// <summary>The IED's words read literally: malfunction or maintenance only.</summary>
    public static IReadOnlySet<StaStatus> MalfunctionOrMaintenance { get; } = new HashSet<StaStatus> { StaStatus.Malfunction, StaStatus.Maintenance };

    /// <summary>EN 17255-1 qualifying period [V Uniper].</summary>
    public static TimeSpan QualifyingPeriod { get; } = TimeSpan.FromHours(6);

    /// <summary>IED Annex VI Part 8 1.1 (at most 5 discarded) with EN 17255-1's 6 h qualifying period.</summary>
    public static ValidDayRule Ied { get; } = new(5, AllInvalidCauses, QualifyingPeriod);

    /// <summary>13. and 44. BImSchV: a day is invalid when more than six half-hours were discarded [V].</summary>
    public static ValidDayRule Germany { get; } = new(6, AllInvalidCauses, QualifyingPeriod);
}
