namespace AirMonitor.AirQuality.Emissions;

/// <summary>What became of a local day of short-term averages.</summary>
public enum DayStatus
{
    Valid,

    /// <summary>No operating period in the day: no daily average is due, and none is discarded.</summary>
    NotOperating,

    /// <summary>More periods discarded than <see cref="ValidDayRule.MaxDiscarded"/>: a discarded day (IED Annex VI Part 8 1.1).</summary>
    TooManyDiscarded,

    /// <summary>Fewer valid periods than the qualifying period (EN 17255-1), e.g. a plant that ran only a few hours.</summary>
    TooShortValidTime,
}

/// <summary>A local day's average of validated short-term averages, with what it was formed from.</summary>
/// <param name="DiscardedCount">Invalid operating periods whose cause is one of the rule's discard causes.</param>
/// <param name="InvalidCount">All invalid operating periods.</param>
public sealed record DailyAverage(
    DateOnly Day,
    double? Value,
    int ValidCount,
    int DiscardedCount,
    int InvalidCount,
    int OperatingCount,
    long ValidTimeMs,
    DayStatus Status)
{
    public bool IsValid => Status == DayStatus.Valid;
}

/// <summary>A monthly or yearly average of validated short-term averages, and the share of the period they cover.</summary>
public sealed record CalendarAverage(CalendarPeriod Period, DateOnly Start, double? Value, int ValidCount, long ValidTimeMs, long PeriodMs)
{
    /// <summary>The valid short-term averages' time as a share of the whole calendar period (not only its operating time).</summary>
    public double ValidShare => (double)ValidTimeMs / PeriodMs;

    public bool IsValid => Value is not null;
}

/// <summary>
/// Long-term averages from validated short-term averages (EN 17255-1 [V Uniper]; the daily average from the validated
/// half-hours, arrêté 20/09/2002 art. 18 [V]): the arithmetic mean of the validated values of the valid operating periods.
/// </summary>
public static class LongTermAverages
{
    /// <summary>EN 17255-1: a long-term average other than the daily one needs valid short-term averages over at least
    /// 10 % of the period (72 h of a 30-day month) [V Uniper].</summary>
    public const double MinValidShareLongTerm = 0.10;

    /// <summary>
    /// The daily averages of the local days the periods fall in (a period belongs to the day of its start), judged by
    /// <paramref name="rule"/>. Days without any period are not listed.
    /// </summary>
    public static IReadOnlyList<DailyAverage> Daily(
        IEnumerable<ShortTermAverage> stas,
        double confidenceInterval,
        AveragingCalendar calendar,
        ValidDayRule rule) =>
        stas.GroupBy(s => calendar.DayOf(s.StartMs))
            .OrderBy(g => g.Key)
            .Select(g => Day(g.Key, g.ToList(), confidenceInterval, rule))
            .ToList();

    /// <summary>One day's average from its periods.</summary>
    public static DailyAverage Day(DateOnly day, IReadOnlyCollection<ShortTermAverage> stas, double confidenceInterval, ValidDayRule rule)
    {
        var validated = stas.Select(s => ValidatedValues.Of(s, confidenceInterval)).OfType<double>().ToList();
        var validTimeMs = stas.Where(s => s is { Operating: true, IsValid: true }).Sum(s => s.LengthMs);
        var operating = stas.Count(s => s.Operating);
        var invalid = stas.Count(s => s.IsInvalid);
        var discarded = stas.Count(s => s.IsInvalid && rule.DiscardCauses.Contains(s.Status));
        var status = operating == 0 ? DayStatus.NotOperating
            : discarded > rule.MaxDiscarded ? DayStatus.TooManyDiscarded
            : rule.MinValidTime is { } min && validTimeMs < (long)min.TotalMilliseconds ? DayStatus.TooShortValidTime
            : DayStatus.Valid;
        return new DailyAverage(
            day,
            status == DayStatus.Valid ? validated.Average() : null,
            validated.Count,
            discarded,
            invalid,
            operating,
            validTimeMs,
            status);
    }

    /// <summary>
    /// Monthly or yearly averages: the mean of every validated period in the local month or year (whatever its day's
    /// validity), given when the valid periods cover at least <paramref name="minValidShare"/> of the calendar period.
    /// </summary>
    public static IReadOnlyList<CalendarAverage> Over(
        IEnumerable<ShortTermAverage> stas,
        double confidenceInterval,
        AveragingCalendar calendar,
        CalendarPeriod period,
        double minValidShare = MinValidShareLongTerm) =>
        stas.GroupBy(s => calendar.PeriodOf(s.StartMs, period))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                var (startMs, endMs) = calendar.Bounds(g.Key, period);
                var valid = g.Where(s => s is { Operating: true, IsValid: true }).ToList();
                var validTimeMs = valid.Sum(s => s.LengthMs);
                var enough = valid.Count > 0 && validTimeMs >= minValidShare * (endMs - startMs) - 1e-6;
                return new CalendarAverage(
                    period,
                    g.Key,
                    enough ? valid.Average(s => ValidatedValues.Validate(s.Mean!.Value, confidenceInterval)) : null,
                    valid.Count,
                    validTimeMs,
                    endMs - startMs);
            })
            .ToList();
}
