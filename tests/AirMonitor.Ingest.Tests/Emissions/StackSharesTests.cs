using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;
using static AirMonitor.Ingest.Tests.Emissions.PlantSamples;

namespace AirMonitor.Ingest.Tests.Emissions;

/// <summary>
/// <see cref="StackDerivation.Shares"/>: the share rules of IED Annex VI Part 8 1.1(d) as running counts, on the EU stack
/// (built-in CO limits: daily 50 for 97 % of the days of a year; 150 for 95 % of the 10-minute averages of any 24 h, or 100
/// for all its half-hours; confidence interval 10 % of the daily limit, 5 mg/m³, subtracted first: Part 6 1.3).
/// </summary>
public sealed class StackSharesTests
{
    private const long DayMs = 86_400_000;
    private static readonly long Jan1 = Ms("2024-12-31T23:00:00Z"); // 2025-01-01 00:00 in Berlin
    private static readonly long Day40 = Jan1 + (39 * DayMs);

    [Theory]
    [InlineData(10, 0)] // 10 days above 50 in 2025: 365 − 10 = 355 days can still comply, 97.3 % ≥ 97 %
    [InlineData(11, 1)] // the 11th: at most 354 of 365 = 96.99 % can comply, the year's rule is broken
    public void Days_above_the_daily_CO_limit_are_counted_against_three_percent_of_the_year(int daysAbove, int broken)
    {
        var stored = Enumerable.Range(0, 40)
            .Select(d => new StoredDayValue("eu-1", StackPollutant.Co, Jan1 + (d * DayMs), d < daysAbove ? 60.5 : 20))
            .Append(new StoredDayValue("eu-1", StackPollutant.Co, Jan1 - DayMs, 99)) // 2024: another year's count
            .ToList();
        var day = DayOf(Day40);

        var share = Assert.Single(StackDerivation.Shares(Plant, [day], [], stored, [], long.MaxValue));

        Assert.Equal(("eu-1", StackPollutant.Co, "year", Day40 + DayMs), (share.Stack, share.Pollutant, share.Span, share.AtMs));
        Assert.Equal((daysAbove, 10.0), (share.Count, share.Allowed)); // floor(365 × 3 %) = 10
        Assert.Equal(broken, share.Count > share.Allowed ? 1 : 0);
    }

    [Theory]
    [InlineData(7, false, 0)] // 137 of 144 within 150 = 95.1 %: the 10-minute branch holds
    [InlineData(8, false, 0)] // 136 of 144 = 94.4 %, but every half-hour within 100: the half-hour branch holds
    [InlineData(8, true, 1)] // 94.4 % and one half-hour above 100: neither branch, the 24 h fails
    public void Each_24_hours_of_CO_holds_95_percent_of_its_10_minute_averages_or_all_its_half_hours(int tenAbove, bool halfAbove, int failed)
    {
        var end = Day40 + DayMs;
        var tens = Enumerable.Range(0, 144).Select(i => Period("10m", Day40 + (i * 600_000L), i < tenAbove ? 160 : 40)); // judged 155 > 150
        var halves = Enumerable.Range(0, 48).Select(i => Period("30m", Day40 + (i * 1_800_000L), halfAbove && i == 0 ? 106 : 90)); // judged 101 > 100
        var last = new PollutantPeriod("eu-1", StackPollutant.Co, AveragingPeriod.TenMinutes, end - 600_000, end,
            Average(end - 600_000, 600_000, 40), null, 40, 35, null, StandardisationFailure.None, "");

        var share = Assert.Single(StackDerivation.Shares(Plant, [], [last], [], [.. tens, .. halves], long.MaxValue));

        Assert.Equal(("eu-1", "24h", end, 0.5), (share.Stack, share.Span, share.AtMs, share.Allowed));
        Assert.Equal(failed, share.Count);
    }

    [Fact]
    public void A_period_or_day_still_open_is_not_counted()
    {
        Assert.Empty(StackDerivation.Shares(Plant, [DayOf(Day40)], [], [], [], completeThrough: Day40 + DayMs - 1));
    }

    private static PollutantDay DayOf(long start) =>
        new("eu-1", StackPollutant.Co, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(start).AddHours(1).UtcDateTime), start, start + DayMs,
            new DailyAverage(default, 20, 48, 0, 0, 48, DayMs, DayStatus.Valid), new AvailabilityShare(null, null, 48, 48), null, "");

    private static StoredPeriod Period(string period, long start, double standardised)
    {
        var length = period == "10m" ? 600_000L : 1_800_000L;
        return new StoredPeriod("eu-1", period, StackPollutant.Co, start, Average(start, length, standardised), null);
    }

    private static ShortTermAverage Average(long start, long length, double standardised) =>
        new(start, length, PlantState.Operating, standardised, 10, ExcludedCounts.None, 10, StaStatus.Valid);
}
