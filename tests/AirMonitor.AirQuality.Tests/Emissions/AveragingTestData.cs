using AirMonitor.AirQuality.Emissions;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>Inputs written out for the emission-averaging tests: readings every 10 s and short-term averages built by hand.</summary>
internal static class AveragingTestData
{
    public const long TenSecondsMs = 10_000;
    public const long TenMinutesMs = 600_000;
    public const long HalfHourMs = 1_800_000;
    public const long HourMs = 3_600_000;
    public const long DayMs = 86_400_000;

    /// <summary>2026-03-02 00:00 UTC, a Monday.</summary>
    public static readonly long March2 = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>The EU half-hour at a DAHS sampling every 10 s (EN 17255-1: at least every 10 s): 180 values expected.</summary>
    public static AveragingRule HalfHourAt10s { get; } = AveragingRule.EuHalfHour(TimeSpan.FromSeconds(10));

    /// <summary><paramref name="count"/> readings 10 s apart from <paramref name="startMs"/>, all with one value and flags.</summary>
    public static IEnumerable<ChannelReading> Every10s(long startMs, int count, double value, params string[] flags) =>
        Enumerable.Range(0, count).Select(i => new ChannelReading(startMs + i * TenSecondsMs, value, flags.Length == 0 ? null : flags));

    /// <summary>A short-term average as <see cref="ShortTermAverages"/> would give it, with only what the long-term arithmetic reads.</summary>
    public static ShortTermAverage Sta(long startMs, long lengthMs, double? mean, StaStatus status = StaStatus.Valid) =>
        new(
            startMs,
            lengthMs,
            status == StaStatus.NotOperating ? PlantState.StartUp : PlantState.Operating,
            mean,
            mean is null ? 0 : 180,
            ExcludedCounts.None,
            180,
            status);

    public static ShortTermAverage HalfHour(long startMs, double? mean, StaStatus status = StaStatus.Valid) => Sta(startMs, HalfHourMs, mean, status);

    /// <summary>A day of 48 half-hours from <paramref name="dayStartMs"/>: the i-th gets <paramref name="each"/>(i).</summary>
    public static List<ShortTermAverage> Day(long dayStartMs, Func<int, (double? Mean, StaStatus Status)> each) =>
        Enumerable.Range(0, 48).Select(i =>
        {
            var (mean, status) = each(i);
            return HalfHour(dayStartMs + i * HalfHourMs, mean, status);
        }).ToList();
}
