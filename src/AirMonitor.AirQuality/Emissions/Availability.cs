namespace AirMonitor.AirQuality.Emissions;

/// <summary>How a stack's availability is formed from its channels'.</summary>
public enum StackAvailability
{
    /// <summary>The lowest channel share: what the stack's report shows as its weakest measurement.</summary>
    WorstChannel,

    /// <summary>A period counts valid only when every channel has a valid value for it: the share of time the stack was fully measured.</summary>
    AllChannels,
}

/// <summary>Valid periods over operating periods in one calendar period (or overall, with no start).</summary>
public sealed record AvailabilityShare(CalendarPeriod? Period, DateOnly? Start, int ValidPeriods, int OperatingPeriods)
{
    /// <summary>Null when the plant did not operate: there was nothing to measure, so no share.</summary>
    public double? Share => OperatingPeriods == 0 ? null : (double)ValidPeriods / OperatingPeriods;
}

/// <summary>
/// Data availability: valid short-term averages as a share of the short-term averages in the effective operating time.
/// Start-up, shut-down and off periods count neither way (IED Annex VI Part 8 1.2: averages are determined "within the
/// effective operating time").
/// </summary>
public static class Availability
{
    /// <summary>One channel's availability over all the periods given.</summary>
    public static AvailabilityShare Of(IEnumerable<ShortTermAverage> stas)
    {
        int valid = 0, operating = 0;
        foreach (var sta in stas.Where(s => s.Operating))
        {
            operating++;
            valid += sta.IsValid ? 1 : 0;
        }

        return new AvailabilityShare(null, null, valid, operating);
    }

    /// <summary>One channel's availability per local day, month or year.</summary>
    public static IReadOnlyList<AvailabilityShare> By(IEnumerable<ShortTermAverage> stas, AveragingCalendar calendar, CalendarPeriod period) =>
        stas.GroupBy(s => calendar.PeriodOf(s.StartMs, period))
            .OrderBy(g => g.Key)
            .Select(g => Of(g) with { Period = period, Start = g.Key })
            .ToList();

    /// <summary>
    /// A stack's availability per calendar period from its channels' periods (the same averaging period for all). With
    /// <see cref="StackAvailability.AllChannels"/> a period is operating when any channel has it operating (they share the
    /// plant state) and valid only when every channel has a valid value for it; a channel missing the period is invalid.
    /// </summary>
    public static IReadOnlyList<AvailabilityShare> Stack(
        IReadOnlyCollection<IEnumerable<ShortTermAverage>> channels,
        AveragingCalendar calendar,
        CalendarPeriod period,
        StackAvailability mode)
    {
        if (mode == StackAvailability.WorstChannel)
        {
            return channels
                .SelectMany(c => By(c, calendar, period))
                .GroupBy(a => a.Start)
                .OrderBy(g => g.Key)
                .Select(g => g.MinBy(a => a.Share ?? double.PositiveInfinity)!)
                .ToList();
        }

        var byStart = channels.Select(c => c.ToDictionary(s => s.StartMs)).ToList();
        return byStart
            .SelectMany(c => c.Values)
            .Where(s => s.Operating)
            .Select(s => s.StartMs)
            .Distinct()
            .GroupBy(start => calendar.PeriodOf(start, period))
            .OrderBy(g => g.Key)
            .Select(g => new AvailabilityShare(
                period,
                g.Key,
                g.Count(start => byStart.All(c => c.TryGetValue(start, out var s) && s.IsValid)),
                g.Count()))
            .ToList();
    }
}
