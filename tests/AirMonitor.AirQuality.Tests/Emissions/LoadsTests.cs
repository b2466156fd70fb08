using AirMonitor.AirQuality.Emissions;
using static AirMonitor.AirQuality.Tests.Emissions.AveragingTestData;

namespace AirMonitor.AirQuality.Tests.Emissions;

/// <summary>Mass emissions and loads over days and months.</summary>
public sealed class LoadsTests
{
    [Fact]
    public void A_mass_emission_is_concentration_times_flow_and_zero_when_either_is_negative()
    {
        // EN 17255-1: mass emission from unvalidated concentration and flow at the same conditions; 0 if either is negative.
        // 20 mg/Nm³ · 50 000 Nm³/h = 1 000 000 mg/h = 1 kg/h.
        Assert.Equal(1.0, MassEmission.KilogramsPerHourOf(20, 50_000), 12);
        Assert.Equal(0, MassEmission.KilogramsPerHourOf(-0.4, 50_000));
        Assert.Equal(0, MassEmission.KilogramsPerHourOf(20, -10));
    }

    [Fact]
    public void A_period_needs_a_valid_concentration_and_a_valid_flow()
    {
        var concentration = HalfHour(March2, 20);

        Assert.Equal(1.0, MassEmission.From(concentration, HalfHour(March2, 50_000)).KilogramsPerHour!.Value, 12);
        Assert.Null(MassEmission.From(concentration, HalfHour(March2, null, StaStatus.Malfunction)).KilogramsPerHour);
        Assert.Throws<ArgumentException>(() => MassEmission.From(concentration, HalfHour(March2 + HalfHourMs, 50_000)));
    }

    [Fact]
    public void A_daily_load_sums_the_valid_operating_half_hours_and_reports_the_share_it_covers()
    {
        // Half-hours 0–5 start-up (their 9 kg/h must not count), 6–7 operating without a valid value, 8–47 operating at
        // 1 + 0.1·(i − 8) kg/h. Load = Σ_{k=0}^{39} (1 + 0.1k) · 0.5 h = 0.5 · (40 + 0.1 · 780) = 59 kg. Covered 40/42.
        var periods = Enumerable.Range(0, 48).Select(i => new MassEmission(
            March2 + i * HalfHourMs,
            HalfHourMs,
            i >= 6,
            i < 6 ? 9 : i < 8 ? null : 1 + 0.1 * (i - 8)));

        var load = Assert.Single(Loads.By(periods, AveragingCalendar.Utc, CalendarPeriod.Day));

        Assert.Equal(59, load.Kilograms, 9);
        Assert.Equal((40, 42), (load.ValidPeriods, load.OperatingPeriods));
        Assert.Equal(40.0 / 42, load.CoveredShare!.Value, 12);
    }

    [Fact]
    public void A_monthly_load_adds_its_days_and_hourly_periods_weigh_a_full_hour()
    {
        // Two days of 24 one-hour periods at 2 kg/h: 2 · 24 · 2 kg = 96 kg in March.
        var periods = Enumerable.Range(0, 48).Select(i => new MassEmission(March2 + i * HourMs, HourMs, true, 2.0));

        var month = Assert.Single(Loads.By(periods, AveragingCalendar.Utc, CalendarPeriod.Month));

        Assert.Equal((96.0, 1.0), (month.Kilograms, month.CoveredShare!.Value));
        Assert.Equal(new DateOnly(2026, 3, 1), month.Start);
    }
}
