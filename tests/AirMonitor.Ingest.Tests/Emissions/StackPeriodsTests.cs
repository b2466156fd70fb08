using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Stations;
using AirMonitor.Influx;
using AirMonitor.Ingest.Emissions;
using static AirMonitor.Ingest.Tests.Emissions.PlantSamples;

namespace AirMonitor.Ingest.Tests.Emissions;

/// <summary>
/// <see cref="StackDerivation.Periods"/>: each stack's short-term averages per channel and standardised per pollutant, from
/// readings as stored. Every expected number is worked by hand (python3) from the readings given here.
/// </summary>
public sealed class StackPeriodsTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // 10:00–10:30 UTC, 11:00 in Berlin: a whole EU half-hour.
    private static readonly long HalfHour = Ms("2025-01-15T10:00:00Z");
    private static readonly long HalfHourEnd = HalfHour + (30 * 60_000);

    [Fact]
    public void Japan_hour_of_NOx_is_standardised_to_12_percent_O2()
    {
        // 大気汚染防止法施行規則 第4条: 0 °C, 101.325 kPa, dry; C = (21 − On)/(21 − Os) × Cs with On = 12 for waste
        // incinerators (eic.or.jp Q&A 10179). V_m = 8.314462618 × 273.15 / 101.325 = 22.41397 L/mol, NO2 46.0055 g/mol:
        // 100 ppm = 205.25369 mg/m³ at actual O2; × (21 − 12)/(21 − 15) = 1.5 → 307.88054 mg/m³ at O2 12 %.
        var hour = Ms("2025-01-15T00:00:00Z"); // 09:00 JST
        var readings = Sorted(
            Every(JapanDevice, "stack_nox", hour, hour + 3_600_000, TimeSpan.FromSeconds(10), _ => 100),
            Every(JapanDevice, "o2", hour, hour + 3_600_000, TimeSpan.FromSeconds(10), _ => 15));

        var result = StackDerivation.Periods(Plant, Tags, hour, hour + 3_600_000, readings);

        var nox = Assert.Single(result.Periods);
        Assert.Equal(("jp-1", StackPollutant.Nox, AveragingPeriod.Hour, hour), (nox.Stack, nox.Pollutant, nox.Period, nox.StartMs));
        Assert.Equal((StaStatus.Valid, 360, 360), (nox.Average.Status, nox.Average.ValidCount, nox.Average.ExpectedCount));
        Assert.Equal(205.2536919373, nox.AtActualO2!.Value, 9);
        Assert.Equal(307.8805379060, nox.Standardised!.Value, 9);
        Assert.Equal(307.8805379060, nox.Judged!.Value, 9); // Japan subtracts no confidence interval
        Assert.Null(nox.MassKilogramsPerHour); // no flow meter on this stack
        var point = Fields(result, "jp-1", "stack_nox_std", "1h", hour);
        Assert.Equal("valid", point["status"].AsString());
        Assert.Equal(307.8805, point["standardised"].AsDouble());
        Assert.Equal(205.2537, point["dry"].AsDouble());
        Assert.Equal(StackDerivation.Rules(Plant.Stacks[0]).Configuration.Fingerprint, point["config"].AsString());
        var o2 = Fields(result, "jp-1", "o2", "1h", hour);
        Assert.Equal((15.0, 360L, 360L, 0L), (o2["value"].AsDouble(), o2["valid_count"].AsInt64(), o2["expected"].AsInt64(), o2["excluded"].AsInt64()));
        Assert.DoesNotContain(result.Points, p => p.Tags.Any(t => t.Value == "eu-1"));
    }

    [Fact]
    public void EU_half_hour_is_standardised_to_11_percent_O2_and_validated_by_the_confidence_interval()
    {
        // 273.15 K, 101.3 kPa: V_m = 22.41950 L/mol; 100 ppm NOx = 205.20305 mg/m³ at 13 % O2, × (21 − 11)/(21 − 13) = 1.25
        // → 256.50381; less the CI (20 % of the 200 mg/m³ daily limit, IED Annex VI Part 6 1.3) → 216.50381. The second
        // half-hour, 10 ppm → 25.65038, is validated to 0 (Austria EMV-L §17(2)). Flow 100 000 m³N/h dry restated at
        // 101.3 kPa = 100 024.679 m³/h; mass = 205.20305 × 100 024.679 / 10⁶ = 20.525369 kg/h (the same as at 101.325 kPa).
        var end = HalfHourEnd + (30 * 60_000);
        var readings = Sorted(
            Every(EuDevice, "stack_nox", HalfHour, end, Minute, ts => ts < HalfHourEnd ? 100 : 10),
            Every(EuDevice, "o2", HalfHour, end, Minute, _ => 13),
            Every(EuDevice, "flow", HalfHour, end, Minute, _ => 100_000));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, end, readings);

        var first = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHour);
        Assert.Equal((StaStatus.Valid, 30, 30, true), (first.Average.Status, first.Average.ValidCount, first.Average.ExpectedCount, first.Average.Operating));
        Assert.Equal(205.2030495263, first.AtActualO2!.Value, 9);
        Assert.Equal(256.5038119079, first.Standardised!.Value, 9);
        Assert.Equal(216.5038119079, first.Judged!.Value, 9);
        Assert.Equal(20.5253691937, first.MassKilogramsPerHour!.Value, 9);
        var second = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHourEnd);
        Assert.Equal(25.6503811908, second.Standardised!.Value, 9);
        Assert.Equal(0, second.Judged);

        // The CO limit's 10-minute period is derived beside the half-hour, for every channel and pollutant.
        var tenMinutes = result.Periods.Where(p => p.Stack == "eu-1" && p.Period == AveragingPeriod.TenMinutes).ToList();
        Assert.Equal(6, tenMinutes.Count);
        Assert.All(tenMinutes, p => Assert.Equal((StaStatus.Valid, 10), (p.Average.Status, p.Average.ExpectedCount)));
        Assert.Equal(256.5038119079, tenMinutes[0].Standardised!.Value, 9);
        var stored = Fields(result, "eu-1", "stack_nox_std", "30m", HalfHour);
        Assert.Equal((216.5038, 20.5254), (stored["judged"].AsDouble(), stored["mass"].AsDouble()));
        Assert.False(stored.ContainsKey("not_standardised"));
    }

    [Fact]
    public void Maintenance_half_hour_has_status_maintenance_and_no_standardised_value()
    {
        // 20 of 30 NOx values in maintenance: 10 valid < the 20 needed (⅔ of 30).
        var readings = Sorted(
            Every(EuDevice, "stack_nox", HalfHour, HalfHourEnd, Minute, ts => 100, ts => ts < HalfHour + (20 * 60_000) ? "maintenance" : null),
            Every(EuDevice, "o2", HalfHour, HalfHourEnd, Minute, _ => 13),
            Every(EuDevice, "flow", HalfHour, HalfHourEnd, Minute, _ => 100_000));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, HalfHourEnd, readings);

        var nox = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHour);
        Assert.Equal((StaStatus.Maintenance, true, 10), (nox.Average.Status, nox.Average.Operating, nox.Average.ValidCount));
        Assert.Equal(20, nox.Average.Excluded.Maintenance);
        Assert.Null(nox.Average.Mean);
        Assert.Null(nox.Standardised);
        Assert.Null(nox.Judged);
        Assert.Null(nox.AtActualO2);
        Assert.Null(nox.MassKilogramsPerHour);
        Assert.Equal(StandardisationFailure.MissingConcentration, nox.Failure);
        var point = Fields(result, "eu-1", "stack_nox_std", "30m", HalfHour);
        Assert.Equal(("maintenance", false, 20L), (point["status"].AsString(), point["valid"].AsBoolean(), point["excluded"].AsInt64()));
        Assert.Equal("missing_concentration", point["not_standardised"].AsString());
        Assert.False(point.ContainsKey("standardised"));
        var channel = Fields(result, "eu-1", "stack_nox", "30m", HalfHour);
        Assert.Equal(("maintenance", 100.0), (channel["status"].AsString(), channel["value"].AsDouble())); // the mean is kept for display
    }

    [Fact]
    public void O2_malfunction_makes_the_pollutant_invalid_with_the_O2_cause_but_keeps_its_dry_value_and_mass()
    {
        var readings = Sorted(
            Every(EuDevice, "stack_nox", HalfHour, HalfHourEnd, Minute, _ => 100),
            Every(EuDevice, "o2", HalfHour, HalfHourEnd, Minute, _ => 13, _ => "malfunction"),
            Every(EuDevice, "flow", HalfHour, HalfHourEnd, Minute, _ => 100_000));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, HalfHourEnd, readings);

        var nox = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHour);
        Assert.Equal((StaStatus.Malfunction, 30), (nox.Average.Status, nox.Average.ValidCount));
        Assert.Null(nox.Standardised);
        Assert.Null(nox.Judged);
        Assert.Equal(StandardisationFailure.MissingO2, nox.Failure);
        Assert.Equal(205.2030495263, nox.AtActualO2!.Value, 9);
        Assert.Equal(20.5253691937, nox.MassKilogramsPerHour!.Value, 9); // the mass uses the value at actual O2
        var point = Fields(result, "eu-1", "stack_nox_std", "30m", HalfHour);
        Assert.Equal(("malfunction", "missing_o2"), (point["status"].AsString(), point["not_standardised"].AsString()));
        Assert.Equal("valid", Fields(result, "eu-1", "stack_nox", "30m", HalfHour)["status"].AsString());
        Assert.Equal("malfunction", Fields(result, "eu-1", "o2", "30m", HalfHour)["status"].AsString());
    }

    [Fact]
    public void A_declared_analyser_that_sent_nothing_has_no_data_periods_that_count_against_availability()
    {
        // The registry declares stack_so2 for the device; nothing of it came this hour: its period is an operating period
        // without a value (no_data), not a period that does not exist.
        var station = Assert.Single(StationRegistry.Parse($$"""
            stations:
              - id: test-plant
                name: Declared plant
                kind: plant
                city: yokohama
                district: Tsurumi-ku
                latitude: 35.5
                longitude: 139.7
                devices:
                  - id: {{JapanDevice}}
                    sensors: {stack-gas: [stack_nox, stack_so2, o2]}
                stacks:
                  - {id: jp-1, devices: [{{JapanDevice}}], regime: japan}
            """, "test registry").Stations);
        var hour = Ms("2025-01-15T00:00:00Z");
        var readings = Sorted(
            Every(JapanDevice, "stack_nox", hour, hour + 3_600_000, Minute, _ => 100),
            Every(JapanDevice, "o2", hour, hour + 3_600_000, Minute, _ => 15));

        var result = StackDerivation.Periods(station, [.. station.PointTags()], hour, hour + 3_600_000, readings);

        var so2 = Assert.Single(result.Periods, p => p.Pollutant == StackPollutant.So2);
        Assert.Equal((StaStatus.NoData, true, (double?)null), (so2.Average.Status, so2.Average.Operating, so2.Judged));
        Assert.Equal("no_data", Fields(result, "jp-1", "stack_so2", "1h", hour)["status"].AsString());
        Assert.Equal(StaStatus.Valid, Assert.Single(result.Periods, p => p.Pollutant == StackPollutant.Nox).Average.Status);
    }

    [Fact]
    public void Start_up_half_hour_is_not_operating_and_has_no_value()
    {
        var end = HalfHourEnd + (30 * 60_000);
        var readings = Sorted(
            Every(EuDevice, "stack_nox", HalfHour, end, Minute, _ => 100),
            Every(EuDevice, "o2", HalfHour, end, Minute, _ => 13),
            Every(EuDevice, "plant_state", HalfHour, end, Minute, ts => ts < HalfHourEnd ? 1 : 2));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, end, readings);

        var startUp = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHour);
        Assert.Equal((StaStatus.NotOperating, false, false), (startUp.Average.Status, startUp.Average.Operating, startUp.Average.IsInvalid));
        Assert.Null(startUp.Standardised);
        Assert.Null(startUp.Judged);
        var operating = Nox(result, "eu-1", AveragingPeriod.HalfHour, HalfHourEnd);
        Assert.Equal((StaStatus.Valid, true), (operating.Average.Status, operating.Average.Operating));
        Assert.Equal(256.5038119079, operating.Standardised!.Value, 9);
        var point = Fields(result, "eu-1", "stack_nox_std", "30m", HalfHour);
        Assert.Equal(("not_operating", false, false), (point["status"].AsString(), point["valid"].AsBoolean(), point["operating"].AsBoolean()));
        Assert.DoesNotContain(result.Points, p => p.Tags.Any(t => t is { Key: "channel", Value: "plant_state" }));
    }

    [Fact]
    public void NOx_made_of_NO_and_NO2_is_their_sum_as_NO2_and_takes_a_component_failure()
    {
        // 80 ppm NO + 20 ppm NO2 = 100 ppm as NO2: 256.50381 mg/m³ at 11 % O2 (see the EU test). In the second half-hour the
        // NO analyser malfunctions: NOx is invalid with its cause.
        var end = HalfHourEnd + (30 * 60_000);
        var readings = Sorted(
            Every(EuNoPlusNo2Device, "stack_no", HalfHour, end, Minute, _ => 80, ts => ts < HalfHourEnd ? null : "malfunction"),
            Every(EuNoPlusNo2Device, "stack_no2", HalfHour, end, Minute, _ => 20),
            Every(EuNoPlusNo2Device, "o2", HalfHour, end, Minute, _ => 13));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, end, readings);

        var nox = Nox(result, "eu-2", AveragingPeriod.HalfHour, HalfHour);
        Assert.Equal(StaStatus.Valid, nox.Average.Status);
        Assert.Equal(256.5038119079, nox.Standardised!.Value, 9);
        Assert.Equal(216.5038119079, nox.Judged!.Value, 9);
        var failed = Nox(result, "eu-2", AveragingPeriod.HalfHour, HalfHourEnd);
        Assert.Equal(StaStatus.Malfunction, failed.Average.Status);
        Assert.Null(failed.Standardised);
        Assert.Equal(
            ["o2", "stack_no", "stack_no2", "stack_nox_std"],
            result.Points.Where(p => p.TimestampMs == HalfHour && Tag(p, "period") == "30m").Select(p => Tag(p, "channel")).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(7, 258, 300, "valid")] // 7 s → 6 s, the largest divisor of 10 min at most 7.5 s; 1800/7 → 258 values, 200 needed
    [InlineData(15, 80, 120, "valid")] // 15 s: 120 expected, ⌈⅔ · 120⌉ = 80 needed
    [InlineData(15, 79, 120, "too_few_values")]
    [InlineData(60, 20, 30, "valid")]
    [InlineData(60, 1, 180, "too_few_values")] // one value: no gap to learn from, EN 17255-1's slowest 10 s
    public void Sampling_interval_is_learnt_from_the_readings(int gapSeconds, int count, long expected, string status)
    {
        var readings = Sorted(Every(EuDevice, "stack_so2", HalfHour, HalfHour + (count * gapSeconds * 1000L), TimeSpan.FromSeconds(gapSeconds), _ => 20));

        var result = StackDerivation.Periods(Plant, Tags, HalfHour, HalfHourEnd, readings);

        var so2 = Fields(result, "eu-1", "stack_so2", "30m", HalfHour);
        Assert.Equal((expected, (long)count, status), (so2["expected"].AsInt64(), so2["valid_count"].AsInt64(), so2["status"].AsString()));
    }

    private static PollutantPeriod Nox(StackPeriods result, string stack, AveragingPeriod period, long start) =>
        Assert.Single(result.Periods, p => p.Stack == stack && p.Pollutant == StackPollutant.Nox && p.Period == period && p.StartMs == start);

    private static Dictionary<string, FieldValue> Fields(StackPeriods result, string stack, string channel, string period, long start)
    {
        var point = Assert.Single(result.Points, p =>
            p.Measurement == StackDerivation.PeriodMeasurement && p.TimestampMs == start
            && Tag(p, "stack") == stack && Tag(p, "channel") == channel && Tag(p, "period") == period);
        Assert.Equal("test-plant", Tag(point, "station"));
        return point.Fields.ToDictionary(f => f.Key, f => f.Value);
    }

    private static string? Tag(InfluxPoint point, string key) => point.Tags.FirstOrDefault(t => t.Key == key).Value;
}
