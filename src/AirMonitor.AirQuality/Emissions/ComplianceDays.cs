namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// A year's running count of one pollutant's daily averages (one value per channel and local calendar year; add each
/// day once it is complete). "Exceeds" is strictly above the limit: a value equal to the ELV complies.
/// </summary>
/// <param name="ValidDays">Days with a valid daily average.</param>
/// <param name="DaysAboveLimit">Valid days whose average exceeds the daily ELV: IED Annex VI Part 8 1.1(a) allows none.</param>
/// <param name="DiscardedDays">Days discarded for too many discarded half-hours: Part 8 1.1 allows at most ten a year.</param>
/// <param name="DaysWithoutQualifyingPeriod">Days with too little valid time for a daily average (EN 17255-1), kept apart:
/// a plant that ran a few hours did not have its measurement fail.</param>
public sealed record ComplianceDays(int ValidDays, int DaysAboveLimit, int DiscardedDays, int DaysWithoutQualifyingPeriod)
{
    /// <summary>IED Annex VI Part 8 1.1: "No more than ten daily average values per year shall be discarded".</summary>
    public const int MaxDiscardedDaysPerYear = 10;

    /// <summary>IED Annex VI Part 8 1.1(d)(i): CO, "at least 97 % of the daily average values over the year" within the daily ELV.</summary>
    public const double CoDailyShare = 0.97;

    public static ComplianceDays Empty { get; } = new(0, 0, 0, 0);

    public ComplianceDays Add(DailyAverage day, double dailyLimit) => day.Status switch
    {
        DayStatus.Valid => this with { ValidDays = ValidDays + 1, DaysAboveLimit = DaysAboveLimit + (day.Value > dailyLimit ? 1 : 0) },
        DayStatus.TooManyDiscarded => this with { DiscardedDays = DiscardedDays + 1 },
        DayStatus.TooShortValidTime => this with { DaysWithoutQualifyingPeriod = DaysWithoutQualifyingPeriod + 1 },
        _ => this,
    };

    public int DaysWithinLimit => ValidDays - DaysAboveLimit;

    public double? ShareWithinLimit => ComplianceShare.Of(DaysWithinLimit, ValidDays);

    /// <summary>Part 8 1.1(a): no daily average above the daily ELV.</summary>
    public bool NoDayAboveLimit => DaysAboveLimit == 0;

    /// <summary>Part 8 1.1(d)(i), CO: at least 97 % of the year's daily averages within the daily ELV (so far this year).</summary>
    public bool MeetsCoDailyShare => ComplianceShare.AtLeast(DaysWithinLimit, ValidDays, CoDailyShare);

    /// <summary>Part 8 1.1: at most ten discarded days a year.</summary>
    public bool DiscardedDaysWithinLimit => DiscardedDays <= MaxDiscardedDaysPerYear;
}
