using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;

namespace AirMonitor.Cli.Report;

/// <summary>What a plant station emitted in a local day, month or year, per stack and pollutant, judged by its rules.</summary>
internal sealed record EmissionReport(Station Station, ReportPeriod Period, IReadOnlyList<StackReport> Stacks);

/// <param name="StartMs">The period asked, on the stack's calendar.</param>
internal sealed record StackReport(
    PlantStack Stack,
    StackRules Rules,
    long StartMs,
    long EndMs,
    IReadOnlyList<ConfigurationUse> Configurations,
    IReadOnlyList<PollutantReport> Pollutants);

/// <summary>A configuration fingerprint found on the stored values: from the start of the first average it produced to the end of the last.</summary>
/// <param name="IsCurrent">Whether it is the fingerprint of the stack's configuration in the registry today.</param>
internal sealed record ConfigurationUse(string Fingerprint, long StartMs, long EndMs, bool IsCurrent);

/// <param name="ConfidenceInterval">Subtracted from each average before it is judged (EU, IED Annex VI Part 6 1.3), mg/m³; 0 elsewhere.</param>
/// <param name="Averages">The day's base-period averages (valid ones), or the month's or year's days (every stored day, with its status).</param>
/// <param name="PeriodAverages">The day's own average; the month's average; the year's months and the year's average.</param>
internal sealed record PollutantReport(
    StackPollutant Pollutant,
    double ConfidenceInterval,
    IReadOnlyList<ReportLimit> Limits,
    IReadOnlyList<ReportAverage> Averages,
    IReadOnlyList<ReportAverage> PeriodAverages,
    IReadOnlyList<Exceedance> Exceedances,
    IReadOnlyList<InvalidSpan> Invalid,
    AvailabilityShare Availability,
    Load? Load,
    IReadOnlyList<RuleCount> Rules);

/// <summary>A limit of the stack's set, and its value in mg/m³ at the reference conditions (a ppm limit converted).</summary>
internal sealed record ReportLimit(PermitLimit Limit, double MilligramsPerCubicMetre)
{
    public string Period => StackNames.Of(Limit.Period);
}

/// <summary>One average: validated (less the confidence interval), in mg/m³; with the strictest limit of its period.</summary>
/// <param name="Status">A period's or day's status as stored (<c>valid</c>, <c>too_many_discarded</c>, …); a month or year
/// without valid time over 10 % of it is <c>too_little_valid_time</c>.</param>
/// <param name="Count">Valid periods it is formed from.</param>
/// <param name="Of">Operating periods (a day).</param>
/// <param name="Share">The valid periods' share of the calendar period (a month or year, EN 17255-1's 10 %).</param>
internal sealed record ReportAverage(string Averaging, long StartMs, long EndMs, double? Value, ReportLimit? Limit, string Status, int? Count, int? Of, double? Share)
{
    /// <summary><c>within</c>, <c>above</c> (strictly: an average equal to the limit complies), <c>no_limit</c>; null without a value.</summary>
    public string? Result => Value is not { } v ? null : Limit is null ? "no_limit" : v > Limit.MilligramsPerCubicMetre ? "above" : "within";
}

internal sealed record Exceedance(string Averaging, long StartMs, long EndMs, double Value, ReportLimit Limit);

/// <summary>Consecutive invalid operating base periods with one cause.</summary>
internal sealed record InvalidSpan(string Averaging, long StartMs, long EndMs, StaStatus Cause, int Periods)
{
    public string CauseName => StackDerivation.Snake(Cause.ToString());
}

/// <summary>A running count of one of the EU's yearly rules over the period asked.</summary>
/// <param name="Met">Null when nothing was judged, or the count has no verdict.</param>
internal sealed record RuleCount(string Key, string Citation, string Description, int Count, int? Of, double? Share, double? Limit, bool? Met)
{
    /// <summary>The CO rule: the end of the first and the last failed window.</summary>
    public long? FirstFailedMs { get; init; }

    public long? LastFailedMs { get; init; }
}

/// <summary>Builds the report from the stored series, with the arithmetic of src/AirMonitor.AirQuality/Emissions.</summary>
internal static class EmissionReports
{
    public const string DailyLimitRule = "daily_limit";
    public const string CoDailyShareRule = "co_daily_97_percent";
    public const string ColumnARule = "half_hour_column_a";
    public const string Co24HoursRule = "co_24h";
    public const string DiscardedDaysRule = "discarded_days";
    public const string NoQualifyingPeriodRule = "days_without_qualifying_period";

    /// <summary>How far before the period the CO rule looks back: its first windows hold the day before (IED Annex VI Part 8 1.1(d)(i), "any 24-hour period").</summary>
    public static readonly TimeSpan LookBack = CoShortTermLimits.Ied.Window;

    /// <param name="averages">The station's stored pollutant averages from <see cref="LookBack"/> before the period to its end.</param>
    /// <param name="days">The station's stored days of the period.</param>
    public static EmissionReport Build(Station station, ReportPeriod period, IReadOnlyList<StoredAverage> averages, IReadOnlyList<StoredDay> days) =>
        new(station, period, [.. station.Stacks.Select(stack => Stack(stack, period, averages, days))]);

    private static StackReport Stack(PlantStack stack, ReportPeriod period, IReadOnlyList<StoredAverage> allAverages, IReadOnlyList<StoredDay> allDays)
    {
        var rules = StackDerivation.Rules(stack);
        var (start, end) = period.On(rules.Calendar);
        var own = allAverages.Where(a => a.Period.Stack == stack.Id && a.Period.StartMs >= start - (long)LookBack.TotalMilliseconds && a.Period.StartMs < end).ToList();
        var inPeriod = own.Where(a => a.Period.StartMs >= start).ToList();
        var days = allDays.Where(d => d.Stack == stack.Id && d.StartMs >= start && d.StartMs < end).OrderBy(d => d.StartMs).ToList();
        var pollutants = inPeriod.Select(a => a.Period.Pollutant!.Value).Concat(days.Select(d => d.Pollutant)).Distinct().Order();
        var configurations = inPeriod.Select(a => (a.Configuration, a.Period.StartMs, EndMs: a.Period.Average.EndMs)).Concat(days.Select(d => (d.Configuration, d.StartMs, d.EndMs)))
            .Where(c => c.Configuration is not null)
            .GroupBy(c => c.Configuration!)
            .Select(g => new ConfigurationUse(g.Key, g.Min(c => c.StartMs), g.Max(c => c.EndMs), g.Key == rules.Configuration.Fingerprint))
            .OrderBy(c => c.StartMs)
            .ToList();
        return new StackReport(stack, rules, start, end, configurations,
            [.. pollutants.Select(p => Pollutant(rules, period, start, end, p, own.Where(a => a.Period.Pollutant == p).ToList(), days.Where(d => d.Pollutant == p).ToList()))]);
    }

    private static PollutantReport Pollutant(StackRules rules, ReportPeriod period, long start, long end, StackPollutant pollutant, List<StoredAverage> stored, List<StoredDay> days)
    {
        var ci = rules.ConfidenceInterval(pollutant);
        var limits = rules.Limits.For(pollutant).Select(l => new ReportLimit(l, l.ValueMilligramsPerCubicMetre(rules.Limits.Regime))).ToList();
        ReportLimit? Strictest(string averaging) => limits.Where(l => l.Period == averaging).MinBy(l => l.MilligramsPerCubicMetre);
        var basePeriod = StackNames.Of(rules.BasePeriod);
        List<StoredPeriod> Of(string averaging, long from) =>
            [.. stored.Select(s => s.Period).Where(s => s.Period == averaging && s.StartMs >= from).OrderBy(s => s.StartMs)];
        var bases = Of(basePeriod, start);
        var baseStas = bases.Select(s => s.Average).ToList();

        List<ReportAverage> averages;
        List<ReportAverage> periodAverages;
        if (period.Kind == CalendarPeriod.Day)
        {
            averages = [.. baseStas.Where(s => s is { Operating: true, IsValid: true })
                .Select(s => new ReportAverage(basePeriod, s.StartMs, s.EndMs, ValidatedValues.Of(s, ci), Strictest(basePeriod), "valid", null, null, null))];
            periodAverages = [.. days.Select(d => Day(d, Strictest("day")))];
        }
        else
        {
            averages = [.. days.Select(d => Day(d, Strictest("day")))];
            CalendarPeriod[] calendarPeriods = period.Kind == CalendarPeriod.Month ? [CalendarPeriod.Month] : [CalendarPeriod.Month, CalendarPeriod.Year];
            periodAverages = [.. calendarPeriods.SelectMany(p => LongTermAverages.Over(baseStas, ci, rules.Calendar, p).Select(a => Calendar(a, rules.Calendar)))];
        }

        var exceedances = rules.ShortPeriods.Select(StackNames.Of)
            .SelectMany(averaging => Of(averaging, start).Select(s => (Averaging: averaging, s.Average, Value: ValidatedValues.Of(s.Average, ci))))
            .Where(x => x.Value is not null)
            .Select(x => (x.Averaging, x.Average.StartMs, x.Average.EndMs, Value: x.Value!.Value))
            .Concat(days.Where(d => d.Average.Value is not null).Select(d => (Averaging: "day", d.StartMs, d.EndMs, Value: d.Average.Value!.Value)))
            .SelectMany(x => limits.Where(l => l.Period == x.Averaging && x.Value > l.MilligramsPerCubicMetre)
                .Select(l => new Exceedance(x.Averaging, x.StartMs, x.EndMs, x.Value, l)))
            .OrderBy(e => e.StartMs).ThenBy(e => e.EndMs - e.StartMs)
            .ToList();

        var load = Loads.By(bases.Select(s => new MassEmission(s.StartMs, s.Average.LengthMs, s.Average.Operating, s.Mass)), rules.Calendar, period.Kind)
            .SingleOrDefault();
        return new PollutantReport(
            pollutant,
            ci,
            limits,
            averages,
            periodAverages,
            exceedances,
            InvalidSpans(basePeriod, baseStas),
            Availability.Of(baseStas),
            load,
            Rules(rules, pollutant, limits, start, end, days, baseStas, Of(StackNames.Of(AveragingPeriod.TenMinutes), start - (long)LookBack.TotalMilliseconds), Of(basePeriod, start - (long)LookBack.TotalMilliseconds)));
    }

    private static ReportAverage Day(StoredDay day, ReportLimit? limit) =>
        new("day", day.StartMs, day.EndMs, day.Average.Value, limit, StackDerivation.Snake(day.Average.Status.ToString()),
            day.Average.ValidCount, day.Average.OperatingCount, null);

    private static ReportAverage Calendar(CalendarAverage average, AveragingCalendar calendar)
    {
        var (start, end) = calendar.Bounds(average.Start, average.Period);
        return new ReportAverage(average.Period.ToString().ToLowerInvariant(), start, end, average.Value, null,
            average.IsValid ? "valid" : "too_little_valid_time", average.ValidCount, null, average.ValidShare);
    }

    private static List<InvalidSpan> InvalidSpans(string averaging, IEnumerable<ShortTermAverage> stas)
    {
        var spans = new List<InvalidSpan>();
        foreach (var sta in stas.Where(s => s.IsInvalid))
        {
            if (spans.Count > 0 && spans[^1] is var last && last.EndMs == sta.StartMs && last.Cause == sta.Status)
            {
                spans[^1] = last with { EndMs = sta.EndMs, Periods = last.Periods + 1 };
            }
            else
            {
                spans.Add(new InvalidSpan(averaging, sta.StartMs, sta.EndMs, sta.Status, 1));
            }
        }

        return spans;
    }

    /// <summary>IED Annex VI Part 8 1.1 as running counts over the period asked (a year's rules, so a day or month shows the count so far).</summary>
    private static List<RuleCount> Rules(
        StackRules rules, StackPollutant pollutant, List<ReportLimit> limits, long start, long end, List<StoredDay> days,
        List<ShortTermAverage> baseStas, List<StoredPeriod> tenMinutesWithLookBack, List<StoredPeriod> basesWithLookBack)
    {
        var counts = new List<RuleCount>();
        var ci = rules.ConfidenceInterval(pollutant);
        var daily = limits.FirstOrDefault(l => l.Limit.Period == AveragingPeriod.Day);
        var dayCounts = days.Aggregate(ComplianceDays.Empty, (c, d) => c.Add(d.Average, daily?.MilligramsPerCubicMetre ?? double.PositiveInfinity));
        if (daily is { Limit.Rule: LimitRule.EveryAverage })
        {
            counts.Add(new RuleCount(DailyLimitRule, "IED Annex VI Part 8 1.1(a)", "valid daily averages above the daily limit",
                dayCounts.DaysAboveLimit, dayCounts.ValidDays, null, daily.MilligramsPerCubicMetre, dayCounts.NoDayAboveLimit));
        }

        if (daily is { Limit.Rule: LimitRule.NinetySevenPercentOfDailyAveragesPerYear })
        {
            counts.Add(new RuleCount(CoDailyShareRule, "IED Annex VI Part 8 1.1(d)(i)", "valid daily averages within the daily limit (at least 97 %)",
                dayCounts.DaysWithinLimit, dayCounts.ValidDays, dayCounts.ShareWithinLimit, daily.MilligramsPerCubicMetre,
                dayCounts.ValidDays == 0 ? null : dayCounts.MeetsCoDailyShare));
        }

        var columnA = limits.FirstOrDefault(l => l.Limit is { Period: AveragingPeriod.HalfHour, Rule: LimitRule.EveryAverage });
        if (rules.BasePeriod == AveragingPeriod.HalfHour && columnA is not null)
        {
            // Column B (the 97 % branch of 1.1(b)) has no value in any limit set (Emissions/README.md, "Left out"), so only column A is counted.
            var halfHours = baseStas.Aggregate(ComplianceHalfHours.Empty, (c, s) => c.Add(s, ci, columnA.MilligramsPerCubicMetre, null));
            counts.Add(new RuleCount(ColumnARule, "IED Annex VI Part 8 1.1(b)", "valid half-hourly averages above column A",
                halfHours.AboveColumnA, halfHours.ValidHalfHours, null, columnA.MilligramsPerCubicMetre, halfHours.ValidHalfHours == 0 ? null : halfHours.MeetsColumnA));
        }

        var tenMinute = limits.FirstOrDefault(l => l.Limit is { Period: AveragingPeriod.TenMinutes, Rule: LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours });
        var allHalfHours = limits.FirstOrDefault(l => l.Limit is { Period: AveragingPeriod.HalfHour, Rule: LimitRule.AllHalfHourlyAveragesIn24Hours });
        if (tenMinute is not null || allHalfHours is not null)
        {
            var co = CoWindows(start, end, ci,
                CoShortTermLimits.Ied with
                {
                    TenMinuteLimit = tenMinute?.MilligramsPerCubicMetre ?? double.PositiveInfinity,
                    HalfHourLimit = allHalfHours?.MilligramsPerCubicMetre ?? double.PositiveInfinity,
                },
                tenMinute is null ? [] : tenMinutesWithLookBack.Select(s => s.Average).ToList(),
                allHalfHours is null || rules.BasePeriod != AveragingPeriod.HalfHour ? [] : basesWithLookBack.Select(s => s.Average).ToList());
            counts.Add(new RuleCount(Co24HoursRule, "IED Annex VI Part 8 1.1(d)(i)",
                "24 h windows (rolling) with neither 95 % of 10-minute nor all half-hours within",
                co.WindowsFailed, co.WindowsJudged, null, null, co.WindowsJudged == 0 ? null : co.WindowsFailed == 0)
            {
                FirstFailedMs = co.FirstFailedWindowEndMs,
                LastFailedMs = co.LastFailedWindowEndMs,
            });
        }

        if (rules.DayRule.MaxDiscarded != int.MaxValue)
        {
            counts.Add(new RuleCount(DiscardedDaysRule, "IED Annex VI Part 8 1.1", "discarded days (more than 5 half-hours discarded), at most 10 a year",
                dayCounts.DiscardedDays, ComplianceDays.MaxDiscardedDaysPerYear, null, null, dayCounts.DiscardedDaysWithinLimit));
        }

        if (rules.DayRule.MinValidTime is not null)
        {
            counts.Add(new RuleCount(NoQualifyingPeriodRule, "EN 17255-1", "operating days under 6 h of valid averages (not discarded days)",
                dayCounts.DaysWithoutQualifyingPeriod, null, null, null, null));
        }

        return counts;
    }

    /// <summary>Every 24 h window ending at a 10-minute mark in (<paramref name="start"/>, <paramref name="end"/>], judged in time order.</summary>
    private static ComplianceCo CoWindows(long start, long end, double ci, CoShortTermLimits limits, List<ShortTermAverage> tenMinutes, List<ShortTermAverage> halfHours)
    {
        var step = (long)StackRules.LengthOf(AveragingPeriod.TenMinutes).TotalMilliseconds;
        var co = ComplianceCo.Empty;
        int ten = 0, half = 0;
        for (var windowEnd = ShortTermAverages.PeriodOf(start, step) + step; windowEnd <= end; windowEnd += step)
        {
            for (; ten < tenMinutes.Count && tenMinutes[ten].EndMs <= windowEnd; ten++)
            {
                co = co.AddTenMinute(tenMinutes[ten], ci);
            }

            for (; half < halfHours.Count && halfHours[half].EndMs <= windowEnd; half++)
            {
                co = co.AddHalfHour(halfHours[half], ci);
            }

            co = co.Judge(windowEnd, limits);
        }

        return co;
    }
}
