using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Ingest.Emissions;
using static AirMonitor.Ingest.Tests.Emissions.PlantSamples;

namespace AirMonitor.Ingest.Tests.Emissions;

/// <summary>
/// <see cref="StackDerivation.Days"/>: each pollutant's local day from its stored half-hours. Two Berlin days of an EU
/// stack sampled every minute: half-hour k of a day has NOx 60 + k ppm, O2 13 %, flow 100 000 m³N/h dry. Day one has
/// five NOx maintenance half-hours (k 10–14) and a start-up (k 40–41); day two six O2 malfunction half-hours (k 20–25).
/// </summary>
public sealed class StackDaysTests
{
    // Local midnight in Berlin (CET, UTC+1) of 15 January 2025.
    private static readonly long DayOne = Ms("2025-01-14T23:00:00Z");
    private const long DayMs = 86_400_000;

    [Fact]
    public void Five_discarded_half_hours_leave_a_valid_day_and_six_do_not()
    {
        var (periods, days) = Derive();

        var nox = days.Days.Where(d => d.Stack == "eu-1" && d.Pollutant == StackPollutant.Nox).OrderBy(d => d.Day).ToList();
        Assert.Equal([new DateOnly(2025, 1, 15), new DateOnly(2025, 1, 16)], nox.Select(d => d.Day));

        // IED Annex VI Part 8 1.1: "no more than five half-hourly average values in any day shall be discarded".
        // Day one: 48 − 2 start-up = 46 operating, 5 discarded, 41 valid; the average of (60 + k) ppm → mg/m³ × 1.25 − 40
        // over the 41 valid k is 175.65089 mg/m³.
        var one = nox[0].Average;
        Assert.Equal((DayStatus.Valid, 41, 5, 5, 46), (one.Status, one.ValidCount, one.DiscardedCount, one.InvalidCount, one.OperatingCount));
        Assert.Equal(175.6508877186, one.Value!.Value, 9);
        Assert.Equal((DayOne, DayOne + DayMs), (nox[0].StartMs, nox[0].EndMs));
        Assert.Equal(41.0 / 46, nox[0].Availability.Share);

        var two = nox[1].Average;
        Assert.Equal((DayStatus.TooManyDiscarded, 42, 6, 6, 48), (two.Status, two.ValidCount, two.DiscardedCount, two.InvalidCount, two.OperatingCount));
        Assert.Null(two.Value);
        Assert.Equal(0.875, nox[1].Availability.Share);
        Assert.Equal(96, periods.Periods.Count(p => p.Stack == "eu-1" && p.Pollutant == StackPollutant.Nox && p.Period == AveragingPeriod.HalfHour));

        var point = days.Points.Single(p => p.TimestampMs == DayOne && p.Tags.Any(t => t is { Key: "stack", Value: "eu-1" }));
        var fields = point.Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal(StackDerivation.DayMeasurement, point.Measurement);
        Assert.Equal("stack_nox", point.Tags.Single(t => t.Key == "channel").Value);
        Assert.Equal(("valid", true, 41L, 5L, 5L, 46L), (fields["status"].AsString(), fields["valid"].AsBoolean(), fields["valid_periods"].AsInt64(),
            fields["discarded"].AsInt64(), fields["invalid_periods"].AsInt64(), fields["operating_periods"].AsInt64()));
        Assert.Equal((175.6509, 0.8913), (fields["value"].AsDouble(), fields["availability"].AsDouble()));
    }

    [Fact]
    public void Load_is_the_mass_of_the_valid_operating_half_hours()
    {
        var (_, days) = Derive();

        var nox = days.Days.Where(d => d.Stack == "eu-1" && d.Pollutant == StackPollutant.Nox).OrderBy(d => d.Day).ToList();

        // kg = Σ (60 + k) ppm × 46.0055 / 22.41950 × 100 024.679 / 10⁶ kg/h × 0.5 h over the half-hours with a mass: day one's
        // 41 (maintenance leaves no NOx value, start-up no operating time), 353.75474 kg, covering 41 of 46; day two's 48, as
        // the O2 malfunction takes the standardised value but not the mass (at actual O2), 411.32840 kg.
        Assert.Equal(353.7547380540, nox[0].Load!.Kilograms, 9);
        Assert.Equal((41, 46), (nox[0].Load!.ValidPeriods, nox[0].Load!.OperatingPeriods));
        Assert.Equal(411.3283986424, nox[1].Load!.Kilograms, 9);
        Assert.Equal(1.0, nox[1].Load!.CoveredShare);
        var fields = days.Points.Single(p => p.TimestampMs == DayOne).Fields.ToDictionary(f => f.Key, f => f.Value);
        Assert.Equal((353.7547, 0.8913), (fields["load"].AsDouble(), fields["load_covered"].AsDouble()));
    }

    [Fact]
    public void A_day_is_formed_only_from_the_stored_half_hours_of_its_own_stack_and_period()
    {
        var (periods, _) = Derive();
        var stored = Stored(periods);

        // The 10-minute periods and the other stacks' periods are in the store too; only eu-1's half-hours count.
        var days = StackDerivation.Days(Plant, Tags, periods.Days, [.. stored, .. stored.Select(s => s with { Stack = "eu-2" })]);

        Assert.Equal(2, days.Days.Count(d => d.Stack == "eu-1"));
        Assert.Equal(48, days.Days.Single(d => d.Stack == "eu-1" && d.Day == new DateOnly(2025, 1, 16)).Average.OperatingCount);
    }

    private static (StackPeriods Periods, StackDays Days) Derive()
    {
        var to = DayOne + (2 * DayMs);
        static (int Day, int K) HalfHourOf(long ts) => ((int)((ts - DayOne) / DayMs), (int)((ts - DayOne) % DayMs / 1_800_000));
        var readings = Sorted(
            Every(EuDevice, "stack_nox", DayOne, to, TimeSpan.FromMinutes(1), ts => 60 + HalfHourOf(ts).K,
                ts => HalfHourOf(ts) is (0, >= 10 and <= 14) ? "maintenance" : null),
            Every(EuDevice, "o2", DayOne, to, TimeSpan.FromMinutes(1), _ => 13, ts => HalfHourOf(ts) is (1, >= 20 and <= 25) ? "malfunction" : null),
            Every(EuDevice, "flow", DayOne, to, TimeSpan.FromMinutes(1), _ => 100_000),
            Every(EuDevice, "plant_state", DayOne, to, TimeSpan.FromMinutes(1), ts => HalfHourOf(ts) is (0, 40 or 41) ? 1 : 2));
        var periods = StackDerivation.Periods(Plant, Tags, DayOne, to, readings);
        return (periods, StackDerivation.Days(Plant, Tags, periods.Days, Stored(periods)));
    }

    /// <summary>The pollutant periods as <see cref="StoredPeriod.From"/> reads them back from <c>emission_sta</c>.</summary>
    private static List<StoredPeriod> Stored(StackPeriods periods) =>
        [.. periods.Periods.Select(p => new StoredPeriod(p.Stack, StackNames.Of(p.Period), p.Pollutant, p.StartMs, p.Average, p.MassKilogramsPerHour))];
}
