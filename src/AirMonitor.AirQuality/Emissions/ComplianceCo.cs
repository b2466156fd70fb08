namespace AirMonitor.AirQuality.Emissions;

/// <summary>
/// The CO short-term limits of IED Annex VI Part 3 1.5(b),(c) as judged by Part 8 1.1(d)(i): "at least 95 % of all
/// 10-minute average values taken in any 24-hour period or all of the half-hourly average values taken in the same period"
/// within 150 and 100 mg/Nm³.
/// </summary>
/// <param name="Window">24 h; Part 8 1.1(d) lets a Member State use 7 days for plants at ≥ 1 100 °C for 2 s (here the
/// half-hour branch then uses the same 7 days).</param>
public sealed record CoShortTermLimits(double TenMinuteLimit, double HalfHourLimit, double TenMinuteShare, TimeSpan Window)
{
    public static CoShortTermLimits Ied { get; } = new(150, 100, 0.95, TimeSpan.FromHours(24));
}

/// <summary>One window's verdict: it complies when either branch holds.</summary>
public sealed record CoWindowResult(int TenMinuteValues, int TenMinuteWithin, int HalfHourValues, int HalfHoursAbove, bool TenMinuteBranch, bool HalfHourBranch)
{
    /// <summary>False also for a window without any value: nothing was judged.</summary>
    public bool Judged => TenMinuteValues + HalfHourValues > 0;

    public bool Complies => !Judged || TenMinuteBranch || HalfHourBranch;
}

/// <summary>A validated CO average kept for the window it can still fall in.</summary>
public sealed record CoWindowValue(long StartMs, long LengthMs, double Validated)
{
    public long EndMs => StartMs + LengthMs;
}

/// <summary>
/// The CO 95 % / 100 % rule over a rolling 24 h, as running state. "Any 24-hour period" is read as every 24 h window,
/// not only the calendar day: call <see cref="Judge"/> at the end of each 10-minute period, and the 24 h ending there is
/// judged from the validated averages lying wholly inside it. The state holds only the last window's values (at most
/// 144 ten-minute and 48 half-hourly ones), so the ingest can keep it going. For a calendar day instead, judge the day's
/// values with <see cref="JudgeWindow"/>.
/// </summary>
/// <param name="WindowsJudged">Windows that held at least one value.</param>
/// <param name="WindowsFailed">Windows where neither branch held: overlapping windows share an excursion, so one episode fails many.</param>
public sealed record ComplianceCo(
    IReadOnlyList<CoWindowValue> TenMinute,
    IReadOnlyList<CoWindowValue> HalfHours,
    int WindowsJudged,
    int WindowsFailed,
    long? FirstFailedWindowEndMs,
    long? LastFailedWindowEndMs)
{
    public static ComplianceCo Empty { get; } = new([], [], 0, 0, null, null);

    /// <summary>Keeps a valid operating 10-minute average's validated value; any other period is left out.</summary>
    public ComplianceCo AddTenMinute(ShortTermAverage tenMinute, double confidenceInterval) =>
        ValidatedValues.Of(tenMinute, confidenceInterval) is { } v ? this with { TenMinute = [.. TenMinute, new(tenMinute.StartMs, tenMinute.LengthMs, v)] } : this;

    /// <summary>Keeps a valid operating half-hourly average's validated value; add it before judging the window it ends.</summary>
    public ComplianceCo AddHalfHour(ShortTermAverage halfHour, double confidenceInterval) =>
        ValidatedValues.Of(halfHour, confidenceInterval) is { } v ? this with { HalfHours = [.. HalfHours, new(halfHour.StartMs, halfHour.LengthMs, v)] } : this;

    /// <summary>Judges the window ending at <paramref name="windowEndMs"/> (judge windows in time order), and forgets what no later window holds.</summary>
    public ComplianceCo Judge(long windowEndMs, CoShortTermLimits limits)
    {
        var windowStartMs = windowEndMs - (long)limits.Window.TotalMilliseconds;
        bool Inside(CoWindowValue v) => v.StartMs >= windowStartMs && v.EndMs <= windowEndMs;
        var result = JudgeWindow(
            TenMinute.Where(Inside).Select(v => v.Validated),
            HalfHours.Where(Inside).Select(v => v.Validated),
            limits);
        var failed = !result.Complies;
        return new ComplianceCo(
            TenMinute.Where(v => v.StartMs >= windowStartMs).ToList(),
            HalfHours.Where(v => v.StartMs >= windowStartMs).ToList(),
            WindowsJudged + (result.Judged ? 1 : 0),
            WindowsFailed + (failed ? 1 : 0),
            failed ? FirstFailedWindowEndMs ?? windowEndMs : FirstFailedWindowEndMs,
            failed ? windowEndMs : LastFailedWindowEndMs);
    }

    /// <summary>One window from its validated 10-minute and half-hourly values.</summary>
    public static CoWindowResult JudgeWindow(IEnumerable<double> tenMinute, IEnumerable<double> halfHours, CoShortTermLimits limits)
    {
        var ten = tenMinute.ToList();
        var half = halfHours.ToList();
        var tenWithin = ten.Count(v => v <= limits.TenMinuteLimit);
        var halfAbove = half.Count(v => v > limits.HalfHourLimit);
        return new CoWindowResult(
            ten.Count,
            tenWithin,
            half.Count,
            halfAbove,
            ten.Count > 0 && ComplianceShare.AtLeast(tenWithin, ten.Count, limits.TenMinuteShare),
            half.Count > 0 && halfAbove == 0);
    }
}
