using AirMonitor.AirQuality.Emissions;
using static AirMonitor.AirQuality.Tests.Emissions.AveragingTestData;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>Validated values, daily averages and their validity, monthly and yearly averages.</summary>
public sealed class AveragesLongTermTests
{
    // SO2: daily ELV 50 mg/Nm³ (IED Annex VI Part 3 1.1), confidence interval 20 % of it = 10 mg/Nm³ (Part 6 1.3;
    // arrêté 20/09/2002 art. 18).
    private const double So2Ci = 10;

    private static readonly DateOnly March2Day = new(2026, 3, 2);

    [Fact]
    public void A_validated_value_is_the_measured_one_less_the_confidence_interval()
    {
        // IED Annex VI Part 8 1.2: "after subtracting the confidence interval".
        Assert.Equal(35, ValidatedValues.Validate(45, So2Ci));
        Assert.Equal(35, ValidatedValues.Of(HalfHour(March2, 45), So2Ci));
        Assert.Null(ValidatedValues.Of(HalfHour(March2, 45, StaStatus.NotOperating), So2Ci));
        Assert.Null(ValidatedValues.Of(HalfHour(March2, 45, StaStatus.TooFewValues), So2Ci));
    }

    [Fact]
    public void A_negative_validated_value_is_zero()
    {
        // Austria EMV-L §17(2): a validated value below zero is set to 0. Measured 4 − 10 = −6 → 0.
        Assert.Equal(0, ValidatedValues.Validate(4, So2Ci));

        // A day of 24 half-hours at 4 (→ 0) and 24 at 40 (→ 30): daily average (24·0 + 24·30) / 48 = 15, not 12.
        var day = Day(March2, i => (i < 24 ? 4 : 40, StaStatus.Valid));

        Assert.Equal(15, Assert.Single(LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied)).Value);
    }

    [Fact]
    public void A_day_with_exactly_five_discarded_half_hours_is_valid()
    {
        // IED Annex VI Part 8 1.1: "no more than five half-hourly average values in any day shall be discarded due to
        // malfunction or maintenance". Half-hours 0–4 discarded (maintenance, malfunction alternately); half-hour i ≥ 5 measured
        // 30 + 5·(i mod 4), validated −10: Σ over i = 5…47 = 1190 over 43 values.
        var day = Day(March2, i => i < 5 ? (null, i % 2 == 0 ? StaStatus.Maintenance : StaStatus.Malfunction) : (30 + 5 * (i % 4), StaStatus.Valid));

        var daily = Assert.Single(LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied));

        Assert.Equal(DayStatus.Valid, daily.Status);
        Assert.Equal(1190.0 / 43, daily.Value!.Value, 12);
        Assert.Equal((43, 5, 5, 48), (daily.ValidCount, daily.DiscardedCount, daily.InvalidCount, daily.OperatingCount));
        Assert.Equal(March2Day, daily.Day);
    }

    [Fact]
    public void A_day_with_six_discarded_half_hours_is_invalid_under_the_ied_and_valid_under_the_german_rule()
    {
        // IED Annex VI Part 8 1.1: six is more than five. 13./44. BImSchV: invalid only with "more than six".
        // Valid half-hours i = 6…47: Σ validated = 1165 over 42.
        var day = Day(March2, i => i < 6 ? (null, StaStatus.Malfunction) : (30 + 5 * (i % 4), StaStatus.Valid));

        var ied = Assert.Single(LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied));
        var germany = Assert.Single(LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Germany));

        Assert.Equal(DayStatus.TooManyDiscarded, ied.Status);
        Assert.Null(ied.Value);
        Assert.Equal(6, ied.DiscardedCount);
        Assert.Equal(DayStatus.Valid, germany.Status);
        Assert.Equal(1165.0 / 42, germany.Value!.Value, 12);
    }

    [Fact]
    public void Which_causes_count_as_discarded_is_the_rules_choice()
    {
        // Six half-hours without data: every invalid cause counts by default; the IED's words read literally
        // ("malfunction or maintenance") leave them out.
        var day = Day(March2, i => i < 6 ? (null, StaStatus.NoData) : (30, StaStatus.Valid));
        var literal = ValidDayRule.Ied with { DiscardCauses = ValidDayRule.MalfunctionOrMaintenance };

        Assert.Equal(DayStatus.TooManyDiscarded, LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied)[0].Status);
        var daily = LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, literal)[0];
        Assert.Equal((DayStatus.Valid, 0, 6, 20.0), (daily.Status, daily.DiscardedCount, daily.InvalidCount, daily.Value!.Value));
    }

    [Fact]
    public void A_daily_average_needs_six_hours_of_valid_half_hours()
    {
        // EN 17255-1 qualifying period for a daily average: 6 h of valid STA [V Uniper summary]. The plant operates for
        // 11 half-hours (5.5 h), then 12 (6 h); the rest of the day is start-up.
        List<ShortTermAverage> Operating(int halfHours) => Day(March2, i => i < halfHours ? (30, StaStatus.Valid) : (null, StaStatus.NotOperating));

        var short1 = LongTermAverages.Daily(Operating(11), So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied)[0];
        var enough = LongTermAverages.Daily(Operating(12), So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied)[0];

        Assert.Equal((DayStatus.TooShortValidTime, 11 * HalfHourMs), (short1.Status, short1.ValidTimeMs));
        Assert.Null(short1.Value);
        Assert.Equal((DayStatus.Valid, 20.0, 12), (enough.Status, enough.Value!.Value, enough.OperatingCount));
    }

    [Fact]
    public void A_day_without_operation_has_no_average_and_is_not_discarded()
    {
        var day = Day(March2, _ => (null, StaStatus.NotOperating));

        var daily = LongTermAverages.Daily(day, So2Ci, AveragingCalendar.Utc, ValidDayRule.Ied)[0];

        Assert.Equal((DayStatus.NotOperating, 0, 0), (daily.Status, daily.DiscardedCount, daily.OperatingCount));
        Assert.Null(daily.Value);
    }

    [Fact]
    public void Days_are_local_days_of_the_plants_zone()
    {
        // Japan (JST, UTC+9): the half-hour from 14:30 UTC is 23:30 on 2 March; the one from 15:00 UTC is 00:00 on 3 March.
        var stas = new[] { HalfHour(March2 + 29 * HalfHourMs, 20), HalfHour(March2 + 30 * HalfHourMs, 40) };
        var anyTime = ValidDayRule.Ied with { MinValidTime = null };

        var days = LongTermAverages.Daily(stas, So2Ci, AveragingCalendar.Japan, anyTime);

        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3)], days.Select(d => d.Day));
        Assert.Equal([10.0, 30.0], days.Select(d => d.Value!.Value));
        Assert.Equal((March2 - 9 * HourMs, March2 + 15 * HourMs), AveragingCalendar.Japan.Bounds(new DateOnly(2026, 3, 2), CalendarPeriod.Day));
    }

    [Fact]
    public void A_monthly_average_needs_valid_half_hours_over_ten_percent_of_the_month()
    {
        // EN 17255-1: a long-term average other than the daily one needs ≥ 10 % of the period [V Uniper]. March 2026:
        // 31 · 24 h = 744 h; 10 % = 74.4 h. 148 half-hours = 74 h → none; 149 = 74.5 h → the mean of 25 − 5 = 20.
        var march1 = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        List<ShortTermAverage> Valid(int count) => Enumerable.Range(0, count).Select(i => HalfHour(march1 + i * HalfHourMs, 25)).ToList();

        var thin = Assert.Single(LongTermAverages.Over(Valid(148), 5, AveragingCalendar.Utc, CalendarPeriod.Month));
        var enough = Assert.Single(LongTermAverages.Over(Valid(149), 5, AveragingCalendar.Utc, CalendarPeriod.Month));

        Assert.Null(thin.Value);
        Assert.Equal((148, 744 * HourMs), (thin.ValidCount, thin.PeriodMs));
        Assert.Equal(74.0 / 744, thin.ValidShare, 12);
        Assert.Equal((new DateOnly(2026, 3, 1), 20.0), (enough.Start, enough.Value!.Value));
    }

    [Fact]
    public void A_yearly_average_needs_valid_half_hours_over_ten_percent_of_the_year()
    {
        // 2026: 365 · 24 = 8760 h; 10 % = 876 h = 1752 half-hours exactly: 1752 is enough, 1751 is not.
        var jan1 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        List<ShortTermAverage> Valid(int count) => Enumerable.Range(0, count).Select(i => HalfHour(jan1 + i * HalfHourMs, 25)).ToList();

        Assert.Null(Assert.Single(LongTermAverages.Over(Valid(1751), 5, AveragingCalendar.Utc, CalendarPeriod.Year)).Value);
        Assert.Equal(20, Assert.Single(LongTermAverages.Over(Valid(1752), 5, AveragingCalendar.Utc, CalendarPeriod.Year)).Value);
    }
}
