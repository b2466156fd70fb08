namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// EU validated values: the measured short-term average less the 95 % confidence interval (IED Annex VI Part 8 1.2, with
/// Part 6 1.3; 44. BImSchV Anlage 2 Nr. 2), never below zero (Austria, EMV-L §17(2); the IED is silent). The confidence
/// interval comes in the pollutant's own unit, already worked out from the daily ELV by the regime.
/// </summary>
public static class ValidatedValues
{
    public static double Validate(double measured, double confidenceInterval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(confidenceInterval);
        return Math.Max(0, measured - confidenceInterval);
    }

    /// <summary>The validated value of a valid operating period; null for any other.</summary>
    public static double? Of(ShortTermAverage sta, double confidenceInterval) =>
        sta is { Operating: true, Value: { } measured } ? Validate(measured, confidenceInterval) : null;
}
