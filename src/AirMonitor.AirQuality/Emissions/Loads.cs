namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// A mass emission over one short-term period, in kg/h, formed from the unvalidated (normalised) concentration and the
/// flow at the same conditions (EN 17255-1 [V Uniper]; annual loads from non-validated values, 17. BImSchV Anlage 4 Nr. 4).
/// Null when the period has no valid value.
/// </summary>
public sealed record MassEmission(long StartMs, long LengthMs, bool Operating, double? KilogramsPerHour)
{
    /// <summary>kg/h from a concentration in mg/Nm³ (dry, at the measured O2) and a flow in Nm³/h at the same conditions; 0 when either is negative (EN 17255-1).</summary>
    public static double KilogramsPerHourOf(double milligramsPerCubicMetre, double cubicMetresPerHour) =>
        milligramsPerCubicMetre < 0 || cubicMetresPerHour < 0 ? 0 : milligramsPerCubicMetre * cubicMetresPerHour / 1e6;

    /// <summary>The period's mass emission from the concentration's and the flow's averages of the same period; a value when both are valid.</summary>
    public static MassEmission From(ShortTermAverage concentration, ShortTermAverage flow)
    {
        if (concentration.StartMs != flow.StartMs || concentration.LengthMs != flow.LengthMs)
        {
            throw new ArgumentException("The concentration and the flow must be averaged over the same period.");
        }

        return new MassEmission(
            concentration.StartMs,
            concentration.LengthMs,
            concentration.Operating,
            concentration.Value is { } c && flow.Value is { } q ? KilogramsPerHourOf(c, q) : null);
    }
}

/// <summary>The mass emitted over a calendar period from its valid operating periods, and how much of the operating time they cover.</summary>
/// <param name="Kilograms">Σ kg/h × period length in hours over the valid operating periods: no value is invented for the others.</param>
public sealed record Load(CalendarPeriod Period, DateOnly Start, double Kilograms, int ValidPeriods, int OperatingPeriods)
{
    /// <summary>The valid periods' share of the operating periods: a load with a share below 1 is a lower bound.</summary>
    public double? CoveredShare => OperatingPeriods == 0 ? null : (double)ValidPeriods / OperatingPeriods;
}

/// <summary>
/// Loads: daily, monthly and yearly masses from mass-emission short-term values. Periods outside operation add nothing;
/// operating periods without a valid value are left out and show in <see cref="Load.CoveredShare"/>. Substitute values
/// (US Part 75 §75.33, EU MRR Art. 45) are out of scope.
/// </summary>
public static class Loads
{
    public static IReadOnlyList<Load> By(IEnumerable<MassEmission> periods, AveragingCalendar calendar, CalendarPeriod period) =>
        periods.GroupBy(p => calendar.PeriodOf(p.StartMs, period))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var operating = g.Where(p => p.Operating).ToList();
                var valid = operating.Where(p => p.KilogramsPerHour is not null).ToList();
                return new Load(
                    period,
                    g.Key,
                    valid.Sum(p => Math.Max(0, p.KilogramsPerHour!.Value) * p.LengthMs / 3_600_000.0),
                    valid.Count,
                    operating.Count);
            })
            .ToList();
}
