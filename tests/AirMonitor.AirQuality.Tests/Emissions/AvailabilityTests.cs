using AirMonitor.AirQuality.Emissions;
using static AirMonitor.AirQuality.Tests.Emissions.AveragingTestData;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>Availability: valid periods over operating periods, per channel and per stack, per day, month and year.</summary>
public sealed class AvailabilityTests
{
    // A day: half-hours 0–7 start-up (4 h), 8–43 operating (36), 44–47 shut-down. Operating half-hours 10, 11 and 12 invalid.
    private static (double?, StaStatus) Channel(int i, params int[] invalid) =>
        i < 8 || i >= 44 ? (null, StaStatus.NotOperating)
        : invalid.Contains(i) ? (null, StaStatus.Maintenance)
        : (20, StaStatus.Valid);

    [Fact]
    public void Start_up_and_shut_down_half_hours_count_neither_way()
    {
        // IED Annex VI Part 8 1.2: averages are determined "within the effective operating time (excluding start-up and
        // shut-down …)". 36 operating, 33 valid: 33/36.
        var day = Day(March2, i => Channel(i, 10, 11, 12));

        var share = Availability.Of(day);

        Assert.Equal((33, 36), (share.ValidPeriods, share.OperatingPeriods));
        Assert.Equal(33.0 / 36, share.Share!.Value, 12);
    }

    [Fact]
    public void A_day_without_operation_has_no_availability_share()
    {
        Assert.Null(Availability.Of(Day(March2, _ => (null, StaStatus.NotOperating))).Share);
    }

    [Fact]
    public void Availability_is_given_per_local_day_and_month()
    {
        // Day 1 as above (33/36); day 2 all 48 operating and valid. Month: 81/84.
        var twoDays = Day(March2, i => Channel(i, 10, 11, 12)).Concat(Day(March2 + DayMs, _ => (20, StaStatus.Valid))).ToList();

        var days = Availability.By(twoDays, AveragingCalendar.Utc, CalendarPeriod.Day);
        var month = Assert.Single(Availability.By(twoDays, AveragingCalendar.Utc, CalendarPeriod.Month));

        Assert.Equal([(33, 36), (48, 48)], days.Select(d => (d.ValidPeriods, d.OperatingPeriods)));
        Assert.Equal([new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 3)], days.Select(d => d.Start!.Value));
        Assert.Equal((CalendarPeriod.Month, new DateOnly(2026, 3, 1), 81, 84), (month.Period!.Value, month.Start!.Value, month.ValidPeriods, month.OperatingPeriods));
    }

    [Fact]
    public void A_stack_is_its_worst_channel_or_the_time_all_channels_were_valid()
    {
        // Channel A invalid at half-hours 10, 11 (34/36); channel B at 11, 12, 13 (33/36, the worst).
        // All channels valid: every operating half-hour but 10–13, 32/36.
        var a = Day(March2, i => Channel(i, 10, 11));
        var b = Day(March2, i => Channel(i, 11, 12, 13));

        var worst = Assert.Single(Availability.Stack([a, b], AveragingCalendar.Utc, CalendarPeriod.Day, StackAvailability.WorstChannel));
        var all = Assert.Single(Availability.Stack([a, b], AveragingCalendar.Utc, CalendarPeriod.Day, StackAvailability.AllChannels));

        Assert.Equal((33, 36), (worst.ValidPeriods, worst.OperatingPeriods)); // B: 33/36 is the worst
        Assert.Equal((32, 36), (all.ValidPeriods, all.OperatingPeriods)); // invalid at 10, 11, 12, 13
    }
}
