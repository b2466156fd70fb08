using AirMonitor.AirQuality.Emissions;
using static AirMonitor.AirQuality.Tests.Emissions.AveragingTestData;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>The running compliance counts of IED Annex VI Part 8 1.1.</summary>
public sealed class ComplianceTests
{
    private static DailyAverage ValidDay(int day, double value) =>
        new(new DateOnly(2026, 1, 1).AddDays(day), value, 48, 0, 0, 48, 24 * HourMs, DayStatus.Valid);

    private static DailyAverage Discarded(int day) =>
        new(new DateOnly(2026, 1, 1).AddDays(day), null, 40, 8, 8, 48, 20 * HourMs, DayStatus.TooManyDiscarded);

    [Fact]
    public void A_daily_average_above_the_daily_elv_is_counted_and_one_equal_to_it_complies()
    {
        // Part 8 1.1(a): "none of the daily average values exceeds" the daily ELV (SO2: 50). 50.0 does not exceed 50.
        double[] values = [49.9, 50.0, 50.1];
        var counts = values.Select((v, i) => ValidDay(i, v)).Aggregate(ComplianceDays.Empty, (c, d) => c.Add(d, 50));

        Assert.Equal((3, 1), (counts.ValidDays, counts.DaysAboveLimit));
        Assert.False(counts.NoDayAboveLimit);
    }

    [Theory]
    // Part 8 1.1(d)(i): CO, "at least 97 % of the daily average values over the year" within 50.
    [InlineData(365, 10, true)] // 355/365 = 97.26 %
    [InlineData(365, 11, false)] // 354/365 = 96.99 %
    [InlineData(100, 3, true)] // exactly 97 %
    [InlineData(100, 4, false)] // 96 %
    public void The_co_daily_97_percent_rule_at_its_boundary(int days, int above, bool meets)
    {
        var counts = Enumerable.Range(0, days)
            .Select(i => ValidDay(i, i < above ? 51 : 20))
            .Aggregate(ComplianceDays.Empty, (c, d) => c.Add(d, 50));

        Assert.Equal(meets, counts.MeetsCoDailyShare);
        Assert.Equal((double)(days - above) / days, counts.ShareWithinLimit!.Value, 12);
    }

    [Fact]
    public void Ten_discarded_days_a_year_are_allowed_and_eleven_are_not()
    {
        // Part 8 1.1: "No more than ten daily average values per year shall be discarded".
        var ten = Enumerable.Range(0, 10).Select(Discarded).Aggregate(ComplianceDays.Empty, (c, d) => c.Add(d, 50));
        var eleven = ten.Add(Discarded(10), 50);

        Assert.True(ten.DiscardedDaysWithinLimit);
        Assert.False(eleven.DiscardedDaysWithinLimit);
        Assert.Equal((0, 11), (eleven.ValidDays, eleven.DiscardedDays));
    }

    [Fact]
    public void A_day_short_of_the_qualifying_period_is_not_a_discarded_day()
    {
        var day = new DailyAverage(new DateOnly(2026, 1, 1), null, 8, 0, 0, 8, 4 * HourMs, DayStatus.TooShortValidTime);

        var counts = ComplianceDays.Empty.Add(day, 50);

        Assert.Equal((0, 1), (counts.DiscardedDays, counts.DaysWithoutQualifyingPeriod));
    }

    [Theory]
    // Dust, IED Annex VI Part 3: daily 10, half-hour column A 30, column B 10; CI 30 % of the daily ELV = 3 (Part 6 1.3).
    // Part 8 1.1(b): "97 % of the half-hourly average values over the year do not exceed" column B. Measured 13.5 →
    // validated 10.5 > 10; measured 13.0 → 10.0, within.
    [InlineData(3, true)] // 97/100
    [InlineData(4, false)] // 96/100
    public void The_column_b_97_percent_rule_at_its_boundary(int above, bool meets)
    {
        var counts = Enumerable.Range(0, 100)
            .Select(i => HalfHour(March2 + i * HalfHourMs, i < above ? 13.5 : 13.0))
            .Aggregate(ComplianceHalfHours.Empty, (c, s) => c.Add(s, 3, 30, 10));

        Assert.Equal((100, above, 0), (counts.ValidHalfHours, counts.AboveColumnB, counts.AboveColumnA));
        Assert.Equal(meets, counts.MeetsColumnB);
        Assert.True(counts.MeetsColumnA);
    }

    [Fact]
    public void One_half_hour_above_column_a_breaks_the_100_percent_rule_and_invalid_ones_are_not_counted()
    {
        // Measured 33.5 → validated 30.5 > 30. A maintenance and a start-up half-hour are left out.
        ShortTermAverage[] halfHours =
        [
            HalfHour(March2, 33.5),
            HalfHour(March2 + HalfHourMs, null, StaStatus.Maintenance),
            HalfHour(March2 + 2 * HalfHourMs, 90, StaStatus.NotOperating),
            HalfHour(March2 + 3 * HalfHourMs, 5),
        ];
        var counts = halfHours.Aggregate(ComplianceHalfHours.Empty, (c, s) => c.Add(s, 3, 30, 10));

        Assert.Equal((2, 1, 1), (counts.ValidHalfHours, counts.AboveColumnA, counts.AboveColumnB));
        Assert.False(counts.MeetsColumnA);
    }

    [Theory]
    // Part 8 1.1(d)(i): "at least 95 % of all 10-minute average values taken in any 24-hour period or all of the
    // half-hourly average values taken in the same period" within 150 and 100. 144 ten-minute values in 24 h:
    // 7 above → 137/144 = 95.14 %, complies; 8 above → 136/144 = 94.44 %, fails unless every half-hour is within 100.
    [InlineData(7, 120, true)]
    [InlineData(8, 120, false)]
    [InlineData(8, 95, true)]
    public void The_co_ten_minute_95_percent_rule_over_24_hours(int above, double worstHalfHour, bool complies)
    {
        var tenMinute = Enumerable.Range(0, 144).Select(i => i < above ? 155.0 : 20.0);
        var halfHours = Enumerable.Range(0, 48).Select(i => i == 0 ? worstHalfHour : 20.0);

        var result = ComplianceCo.JudgeWindow(tenMinute, halfHours, CoShortTermLimits.Ied);

        Assert.Equal((144, 144 - above), (result.TenMinuteValues, result.TenMinuteWithin));
        Assert.Equal(complies, result.Complies);
    }

    [Fact]
    public void Any_24_hours_is_a_rolling_window_so_excursions_either_side_of_midnight_add_up()
    {
        // CO, CI 10 % of the daily ELV 50 = 5 (Part 6 1.3). Two days of 10-minute averages measured 25 (→ 20), except
        // 22:00–22:40 on day 1 and 00:00–00:40 on day 2, measured 160 (→ 155 > 150). The half-hours holding them
        // (22:00, 22:30, 00:00, 00:30) are measured 115 (→ 110 > 100), so the half-hour branch fails wherever they lie.
        // Each calendar day holds 5 excursions: 139/144 = 96.5 %, complying. A window ending at 00:30 on day 2 holds
        // 5 + 3 = 8: 136/144 = 94.4 %, failing; so does every window up to the one ending 22:20 on day 2 (3 + 5);
        // ending 22:30 it holds 2 + 5 = 7 and complies. Failing windows: ends 00:30 … 22:20 on day 2 = 132 ten-minute steps.
        const double ci = 5;
        static bool Excursion(long index) => index is >= 132 and < 137 or >= 144 and < 149;
        var state = ComplianceCo.Empty;
        var tenMinute = new List<(long Index, ShortTermAverage Sta)>();
        for (var index = 0L; index < 288; index++)
        {
            var start = March2 + index * TenMinutesMs;
            if (index % 3 == 0)
            {
                var excursionHalfHour = Excursion(index) || Excursion(index + 1) || Excursion(index + 2);
                state = state.AddHalfHour(HalfHour(start, excursionHalfHour ? 115 : 25), ci);
            }

            var sta = Sta(start, TenMinutesMs, Excursion(index) ? 160 : 25);
            tenMinute.Add((index, sta));
            state = state.AddTenMinute(sta, ci).Judge(start + TenMinutesMs, CoShortTermLimits.Ied);
        }

        Assert.Equal(288, state.WindowsJudged);
        Assert.Equal(132, state.WindowsFailed);
        Assert.Equal(March2 + DayMs + 30 * 60_000, state.FirstFailedWindowEndMs);
        Assert.Equal(March2 + DayMs + (22 * 60 + 20) * 60_000L, state.LastFailedWindowEndMs);
        Assert.True(state.TenMinute.Count <= 144 && state.HalfHours.Count <= 48);

        // The same values judged by calendar day comply on both days.
        for (var day = 0; day < 2; day++)
        {
            var values = tenMinute.Where(t => t.Index / 144 == day).Select(t => ValidatedValues.Of(t.Sta, ci)!.Value);
            var result = ComplianceCo.JudgeWindow(values, [], CoShortTermLimits.Ied);
            Assert.Equal((144, 139, true), (result.TenMinuteValues, result.TenMinuteWithin, result.Complies));
        }
    }
}
