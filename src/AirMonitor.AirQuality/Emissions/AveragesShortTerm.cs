using AirMonitor.Core.Contract;

namespace AirMonitor.AirQuality.Emissions;

/// <summary>What became of a short-term period. Only <see cref="Valid"/> gives a value; every other status but
/// <see cref="NotOperating"/> is an invalid period in the effective operating time, and names its cause.</summary>
public enum StaStatus
{
    Valid,

    /// <summary>Start-up, shut-down or off: outside the effective operating time (IED Annex VI Part 8 1.2), neither valid nor invalid.</summary>
    NotOperating,

    /// <summary>Not one value stored for the period.</summary>
    NoData,

    Malfunction,
    Maintenance,
    FunctionCheck,

    /// <summary>The analyser reported out of specification or not measuring.</summary>
    OutOfSpecOrNotMeasuring,

    /// <summary>Values missing, or excluded for a reason that is not an analyser status (edge flags, non-finite values).</summary>
    TooFewValues,
}

/// <summary>The values a period left out, by why. A value with several flags counts once, under the first of
/// <see cref="QualityFlags.AnalyserStatus"/> it carries.</summary>
public sealed record ExcludedCounts(int Malfunction, int Maintenance, int FunctionCheck, int OutOfSpec, int NotMeasuring, int Other)
{
    public static ExcludedCounts None { get; } = new(0, 0, 0, 0, 0, 0);

    public int Total => Malfunction + Maintenance + FunctionCheck + OutOfSpec + NotMeasuring + Other;
}

/// <summary>One channel's short-term average (STA) over [<see cref="StartMs"/>, <see cref="StartMs"/> + <see cref="LengthMs"/>).</summary>
/// <param name="Mean">The mean of the valid values, whenever there is one, also for an invalid period (for display); only
/// <see cref="Value"/> enters averages and counts.</param>
/// <param name="ExpectedCount">The values the period holds at the rule's sampling interval.</param>
public sealed record ShortTermAverage(
    long StartMs,
    long LengthMs,
    PlantState PlantState,
    double? Mean,
    int ValidCount,
    ExcludedCounts Excluded,
    int ExpectedCount,
    StaStatus Status)
{
    public bool Operating => PlantState == PlantState.Operating;

    public bool IsValid => Status == StaStatus.Valid;

    /// <summary>An operating period without a value: what availability and the daily discard count hold against the plant.</summary>
    public bool IsInvalid => Operating && !IsValid;

    /// <summary>The mean, when the period is valid.</summary>
    public double? Value => IsValid ? Mean : null;

    public long EndMs => StartMs + LengthMs;
}

/// <summary>
/// Short-term averages of one channel: the mean of its valid values per period, the count of the values left out and
/// why, and the period's validity. A pure function of the readings, so late data gives the same periods as live data.
/// </summary>
public static class ShortTermAverages
{
    /// <summary>The start of the period holding <paramref name="timeMs"/>.</summary>
    public static long PeriodOf(long timeMs, long periodMs) => timeMs - (((timeMs % periodMs) + periodMs) % periodMs);

    /// <summary>
    /// Every period starting in [<paramref name="fromMs"/> rounded down to a period, <paramref name="toMs"/>), with or
    /// without readings. The plant state of a period is the state in force for most of it; with no state readings the
    /// plant is taken as operating.
    /// </summary>
    public static IReadOnlyList<ShortTermAverage> Compute(
        IEnumerable<ChannelReading> readings,
        IEnumerable<PlantStateReading>? plantStates,
        long fromMs,
        long toMs,
        AveragingRule rule)
    {
        var periodMs = rule.PeriodMs;
        var first = PeriodOf(fromMs, periodMs);
        var byPeriod = readings
            .Where(r => r.TimeMs >= first && r.TimeMs < toMs)
            .GroupBy(r => PeriodOf(r.TimeMs, periodMs))
            .ToDictionary(g => g.Key, g => g.ToList());
        var timeline = new PlantStateTimeline(plantStates);

        var result = new List<ShortTermAverage>();
        for (var start = first; start < toMs; start += periodMs)
        {
            var state = timeline.StateOf(start, start + periodMs);
            result.Add(Period(start, state, byPeriod.GetValueOrDefault(start) ?? [], rule));
        }

        return result;
    }

    /// <summary>One period from its readings (all within it) and the plant's state in it.</summary>
    public static ShortTermAverage Period(long startMs, PlantState state, IReadOnlyCollection<ChannelReading> readings, AveragingRule rule)
    {
        int malfunction = 0, maintenance = 0, functionCheck = 0, outOfSpec = 0, notMeasuring = 0, other = 0, valid = 0;
        var sum = 0.0;
        foreach (var reading in readings)
        {
            switch (Classify(reading))
            {
                case null:
                    valid++;
                    sum += reading.Value;
                    break;
                case QualityFlags.Malfunction: malfunction++; break;
                case QualityFlags.Maintenance: maintenance++; break;
                case QualityFlags.FunctionCheck: functionCheck++; break;
                case QualityFlags.OutOfSpec: outOfSpec++; break;
                case QualityFlags.NotMeasuring: notMeasuring++; break;
                default: other++; break;
            }
        }

        var excluded = new ExcludedCounts(malfunction, maintenance, functionCheck, outOfSpec, notMeasuring, other);
        var status = state != PlantState.Operating ? StaStatus.NotOperating
            : readings.Count == 0 ? StaStatus.NoData
            : valid >= rule.RequiredValidCount ? StaStatus.Valid
            : CauseOf(excluded, Math.Max(0, rule.ExpectedCount - readings.Count));
        return new ShortTermAverage(startMs, rule.PeriodMs, state, valid == 0 ? null : sum / valid, valid, excluded, rule.ExpectedCount, status);
    }

    /// <summary>Null for a valid value; else the analyser status that excludes it, or "other" for any other flag or a non-finite value.</summary>
    private static string? Classify(ChannelReading reading)
    {
        var flags = reading.Flags?.Where(f => f != QualityFlags.HumidityHigh).ToList();
        if (flags is null || flags.Count == 0)
        {
            return double.IsFinite(reading.Value) ? null : "other";
        }

        return QualityFlags.AnalyserStatus.FirstOrDefault(flags.Contains) ?? "other";
    }

    /// <summary>
    /// An invalid period's cause: whichever kept out the most values (missing values and edge-flagged ones count as "too
    /// few"); a tie goes to the first of malfunction, maintenance, function check, out of spec / not measuring, too few.
    /// </summary>
    private static StaStatus CauseOf(ExcludedCounts excluded, int missing)
    {
        (StaStatus Cause, int Count)[] candidates =
        [
            (StaStatus.Malfunction, excluded.Malfunction),
            (StaStatus.Maintenance, excluded.Maintenance),
            (StaStatus.FunctionCheck, excluded.FunctionCheck),
            (StaStatus.OutOfSpecOrNotMeasuring, excluded.OutOfSpec + excluded.NotMeasuring),
            (StaStatus.TooFewValues, excluded.Other + missing),
        ];
        var most = candidates.Max(c => c.Count);
        return most == 0 ? StaStatus.TooFewValues : candidates.First(c => c.Count == most).Cause;
    }
}
