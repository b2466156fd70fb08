namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// A year's running count of one pollutant's validated half-hourly averages against columns A and B of IED Annex VI
/// Part 3 1.2 (one value per channel and local calendar year). Which column applies is the permit's choice, so both are
/// counted: Part 8 1.1(b) is met by "none … exceeds column A" or, where relevant, "97 % … over the year do not exceed column B".
/// </summary>
public sealed record ComplianceHalfHours(int ValidHalfHours, int AboveColumnA, int AboveColumnB)
{
    /// <summary>IED Annex VI Part 8 1.1(b): the share of the year's half-hours within column B.</summary>
    public const double ColumnBShare = 0.97;

    public static ComplianceHalfHours Empty { get; } = new(0, 0, 0);

    /// <summary>Counts a valid operating half-hour by its validated value; any other period is left out.</summary>
    /// <param name="columnB">Null where the pollutant has no column B value: then nothing counts above it, and
    /// <see cref="MeetsColumnB"/> says nothing.</param>
    public ComplianceHalfHours Add(ShortTermAverage halfHour, double confidenceInterval, double columnA, double? columnB) =>
        ValidatedValues.Of(halfHour, confidenceInterval) is { } value
            ? new(ValidHalfHours + 1, AboveColumnA + (value > columnA ? 1 : 0), AboveColumnB + (value > columnB ? 1 : 0))
            : this;

    public int WithinColumnB => ValidHalfHours - AboveColumnB;

    public double? ShareWithinColumnB => ComplianceShare.Of(WithinColumnB, ValidHalfHours);

    /// <summary>Part 8 1.1(b), first branch: no half-hour above column A.</summary>
    public bool MeetsColumnA => AboveColumnA == 0;

    /// <summary>Part 8 1.1(b), second branch: at least 97 % of the year's half-hours within column B (so far this year).</summary>
    public bool MeetsColumnB => ComplianceShare.AtLeast(WithinColumnB, ValidHalfHours, ColumnBShare);
}
