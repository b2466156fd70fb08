using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Contract;
using static AirMonitor.AirQuality.Tests.Emissions.AveragingTestData;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>Short-term averages of one channel: valid values, exclusions by analyser status, validity share, plant state.</summary>
public sealed class AveragesShortTermTests
{
    private static ShortTermAverage OneHalfHour(IEnumerable<ChannelReading> readings, IEnumerable<PlantStateReading>? states = null) =>
        Assert.Single(ShortTermAverages.Compute(readings, states, March2, March2 + HalfHourMs, HalfHourAt10s));

    [Fact]
    public void A_half_hour_of_valid_values_every_10_s_is_their_mean()
    {
        // 90 values of 40 and 90 of 50: mean 45; 1800 s / 10 s = 180 expected.
        var readings = Every10s(March2, 90, 40).Concat(Every10s(March2 + 900_000, 90, 50));

        var sta = OneHalfHour(readings);

        Assert.Equal(StaStatus.Valid, sta.Status);
        Assert.Equal(45, sta.Value);
        Assert.Equal((180, 180, 0), (sta.ValidCount, sta.ExpectedCount, sta.Excluded.Total));
        Assert.Equal((March2, HalfHourMs), (sta.StartMs, sta.LengthMs));
        Assert.True(sta.Operating);
    }

    [Fact]
    public void A_half_hour_in_maintenance_is_excluded_and_invalid_for_maintenance()
    {
        // EN 17255-2 §6.2.2.3: status "maintenance" is not a valid measurement; IED Annex VI Part 8 1.1 counts the half-hour
        // as discarded due to maintenance. The analyser holds a test-gas value (999) that must not enter any mean.
        var sta = OneHalfHour(Every10s(March2, 180, 999, QualityFlags.Maintenance));

        Assert.Equal(StaStatus.Maintenance, sta.Status);
        Assert.Null(sta.Mean);
        Assert.Null(sta.Value);
        Assert.Equal(0, sta.ValidCount);
        Assert.Equal(180, sta.Excluded.Maintenance);
        Assert.True(sta.IsInvalid);
    }

    [Fact]
    public void Maintenance_values_inside_a_still_valid_half_hour_are_left_out_of_its_mean()
    {
        // 40 maintenance values (999) then 140 valid values of 20: 140 ≥ 120 = ⅔ · 180, mean 20.
        var readings = Every10s(March2, 40, 999, QualityFlags.Maintenance).Concat(Every10s(March2 + 400_000, 140, 20));

        var sta = OneHalfHour(readings);

        Assert.Equal(StaStatus.Valid, sta.Status);
        Assert.Equal(20, sta.Value);
        Assert.Equal((140, 40), (sta.ValidCount, sta.Excluded.Maintenance));
    }

    [Fact]
    public void A_half_hour_needs_two_thirds_of_its_expected_values_by_default()
    {
        // Default share ⅔ (EN 17255-1's rule not verified, see AveragingRule): 180 · ⅔ = 120 values. 120 is valid, 119 is not.
        Assert.Equal(120, HalfHourAt10s.RequiredValidCount);
        Assert.Equal(StaStatus.Valid, OneHalfHour(Every10s(March2, 120, 7)).Status);

        var short1 = OneHalfHour(Every10s(March2, 119, 7));
        Assert.Equal(StaStatus.TooFewValues, short1.Status);
        Assert.Equal(7, short1.Mean);
        Assert.Null(short1.Value);
    }

    [Fact]
    public void An_invalid_period_is_named_for_what_kept_out_most_values()
    {
        // 100 valid, 50 malfunction, 30 missing (180 − 150): malfunction (50) outweighs too few (30).
        var readings = Every10s(March2, 100, 5).Concat(Every10s(March2 + 1_000_000, 50, 0, QualityFlags.Malfunction));
        var sta = OneHalfHour(readings);
        Assert.Equal(StaStatus.Malfunction, sta.Status);
        Assert.Equal((100, 50), (sta.ValidCount, sta.Excluded.Malfunction));

        // 100 valid, 20 function check, 60 missing: too few.
        readings = Every10s(March2, 100, 5).Concat(Every10s(March2 + 1_000_000, 20, 0, QualityFlags.FunctionCheck));
        Assert.Equal(StaStatus.TooFewValues, OneHalfHour(readings).Status);
    }

    [Fact]
    public void A_value_with_several_flags_counts_once_under_the_first_analyser_status()
    {
        // QualityFlags.AnalyserStatus order: malfunction before maintenance; an edge flag (stuck) is "other".
        var readings = new List<ChannelReading>
        {
            new(March2, 1, [QualityFlags.Maintenance, QualityFlags.Malfunction]),
            new(March2 + 10_000, 1, [QualityFlags.Stuck]),
            new(March2 + 20_000, 1, [QualityFlags.NotMeasuring, QualityFlags.OutOfSpec]),
            new(March2 + 30_000, double.NaN),
        };

        var sta = OneHalfHour(readings);

        Assert.Equal(new ExcludedCounts(1, 0, 0, 1, 0, 2), sta.Excluded);
        Assert.Equal(StaStatus.TooFewValues, sta.Status); // 2 other + 176 missing
    }

    [Fact]
    public void A_period_without_any_value_has_no_data()
    {
        var stas = ShortTermAverages.Compute(Every10s(March2, 180, 3), null, March2, March2 + HourMs, HalfHourAt10s);

        Assert.Equal([StaStatus.Valid, StaStatus.NoData], stas.Select(s => s.Status));
        Assert.Equal(March2 + HalfHourMs, stas[1].StartMs);
    }

    [Fact]
    public void Periods_are_aligned_to_their_length_and_cover_the_range()
    {
        // From 00:10 to 01:40 with 30-min periods: 00:00, 00:30, 01:00, 01:30.
        var stas = ShortTermAverages.Compute([], null, March2 + TenMinutesMs, March2 + 100 * 60_000, HalfHourAt10s);

        Assert.Equal([March2, March2 + HalfHourMs, March2 + 2 * HalfHourMs, March2 + 3 * HalfHourMs], stas.Select(s => s.StartMs));
    }

    [Fact]
    public void A_start_up_half_hour_is_outside_the_effective_operating_time()
    {
        // IED Annex VI Part 8 1.2: averages "within the effective operating time (excluding start-up and shut-down when no
        // waste is incinerated)". plant_state 1 = start-up all through the half-hour.
        var sta = OneHalfHour(Every10s(March2, 180, 80), [new PlantStateReading(March2 - HourMs, 1)]);

        Assert.Equal(StaStatus.NotOperating, sta.Status);
        Assert.Equal(PlantState.StartUp, sta.PlantState);
        Assert.False(sta.IsValid);
        Assert.False(sta.IsInvalid);
        Assert.Null(sta.Value);
        Assert.Equal(80, sta.Mean);
    }

    [Theory]
    // Start-up (1) until the change, operating (2) after it; the period takes the state in force for most of it.
    [InlineData(20, PlantState.StartUp)] // 20 min start-up, 10 operating
    [InlineData(10, PlantState.Operating)] // 10 min start-up, 20 operating
    [InlineData(15, PlantState.Operating)] // 15 / 15: a tie with operating goes to operating
    public void A_period_takes_the_plant_state_in_force_for_most_of_it(int changeAfterMinutes, PlantState expected)
    {
        PlantStateReading[] states = [new(March2 - DayMs, 1), new(March2 + changeAfterMinutes * 60_000L, 2)];

        Assert.Equal(expected, OneHalfHour(Every10s(March2, 180, 1), states).PlantState);
    }

    [Fact]
    public void Without_a_state_channel_the_plant_is_taken_as_operating()
    {
        Assert.Equal(PlantState.Operating, OneHalfHour(Every10s(March2, 180, 1)).PlantState);
    }

    [Fact]
    public void Shut_down_and_off_are_not_operating_either()
    {
        PlantStateReading[] states = [new(March2 - DayMs, 2), new(March2, 3), new(March2 + HalfHourMs, 0)];

        var stas = ShortTermAverages.Compute(Every10s(March2, 360, 1), states, March2, March2 + HourMs, HalfHourAt10s);

        Assert.Equal([PlantState.ShutDown, PlantState.Off], stas.Select(s => s.PlantState));
        Assert.All(stas, s => Assert.Equal(StaStatus.NotOperating, s.Status));
    }

    [Fact]
    public void The_eu_mrr_hour_needs_80_percent_of_its_readings()
    {
        // MRR 2018/2066 Art. 44: ≥ 80 % of possible readings. 3600 s / 10 s = 360; 0.8 · 360 = 288.
        var rule = AveragingRule.EuMrrHour(TimeSpan.FromSeconds(10));
        StaStatus StatusOf(int count) => Assert.Single(ShortTermAverages.Compute(Every10s(March2, count, 1), null, March2, March2 + HourMs, rule)).Status;

        Assert.Equal(288, rule.RequiredValidCount);
        Assert.Equal(StaStatus.Valid, StatusOf(288));
        Assert.Equal(StaStatus.TooFewValues, StatusOf(287));
    }

    [Fact]
    public void The_us_hour_needs_two_of_its_four_15_minute_cycles()
    {
        // 40 CFR 60.1260 / §60.13(e)(2): ≥ 2 data points per hour, one cycle per 15 min.
        var rule = AveragingRule.UsHour;
        ChannelReading Cycle(int quarter, double v) => new(March2 + quarter * 900_000L, v, null);

        var two = Assert.Single(ShortTermAverages.Compute([Cycle(0, 30), Cycle(2, 50)], null, March2, March2 + HourMs, rule));
        var one = Assert.Single(ShortTermAverages.Compute([Cycle(1, 30)], null, March2, March2 + HourMs, rule));

        Assert.Equal((4, 2), (rule.ExpectedCount, rule.RequiredValidCount));
        Assert.Equal((StaStatus.Valid, 40.0), (two.Status, two.Value!.Value));
        Assert.Equal(StaStatus.TooFewValues, one.Status);
    }

    [Fact]
    public void A_co_ten_minute_average_holds_60_values_at_10_s()
    {
        var rule = AveragingRule.EuCoTenMinutes(TimeSpan.FromSeconds(10));

        var stas = ShortTermAverages.Compute(Every10s(March2, 180, 12), null, March2, March2 + HalfHourMs, rule);

        Assert.Equal(3, stas.Count);
        Assert.All(stas, s => Assert.Equal((StaStatus.Valid, 60, 60, 12.0), (s.Status, s.ValidCount, s.ExpectedCount, s.Value!.Value)));
    }

    [Fact]
    public void A_rule_whose_period_is_not_a_whole_number_of_intervals_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new AveragingRule(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(7)));
        Assert.Throws<ArgumentException>(() => new AveragingRule(TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(10), 1.5));
    }
}
