using AirMonitor.Core.Stations;

namespace AirMonitor.Core.Tests.Stations;

/// <summary>A plant station's stacks: what is read, the defaults, and each refusal's exact line.</summary>
public sealed class PlantStackTests
{
    private const string Source = "stations.yaml";

    // Line 11 is the first stack's "- id".
    private const string Plant = """
        stations:
          - id: yok-tsurumi-plant
            name: Tsurumi Plant
            kind: plant
            city: yokohama
            district: Tsurumi-ku
            latitude: 35.5
            longitude: 139.7
            devices: [yok-tsurumi-plant-01, yok-tsurumi-plant-02]
            stacks:
              - id: line-1
                devices: [yok-tsurumi-plant-01]
                regime: japan
                moisture: {measured: wet, from: stack_h2o}
                o2_corrected: [stack_dust, stack_hcl, stack_nox]
                flow: normal_wet
                limits:
                  - {pollutant: stack_nox, period: 1h, value: 250, unit: ppm, source: "Air Pollution Control Act, Enforcement Regulations, Annex 3-2"}
                  - {pollutant: stack_co, period: 10m, value: 150, unit: mg/m3, rule: 95_percent_of_10m_per_24h}
              - id: line-2
                devices: [yok-tsurumi-plant-02]
                regime: eu
                time_zone: Europe/Berlin
                reference: {o2: 11}
                nox: no_plus_no2
                regime_limits: false
        """;

    [Fact]
    public void Stacks_are_read_with_their_overrides_and_the_regimes_defaults()
    {
        var station = Assert.Single(StationRegistry.Parse(Plant, Source).Stations);

        Assert.Equal(2, station.Stacks.Count);
        var japan = station.Stacks[0];
        Assert.Equal(("line-1", StackRegime.Japan, "Asia/Tokyo"), (japan.Id, japan.Regime, japan.TimeZone));
        Assert.Equal(["yok-tsurumi-plant-01"], japan.Devices);
        Assert.Equal((true, "stack_h2o", (double?)null), (japan.MeasuredWet, japan.MoistureMetric, japan.MoisturePercent));
        Assert.Equal(["stack_dust", "stack_hcl", "stack_nox"], japan.O2Corrected);
        Assert.Equal((FlowBasis.NormalWet, NoxSource.NoxChannel), (japan.Flow, japan.Nox));
        Assert.True(japan.RegimeLimits);
        Assert.Null(japan.ReferenceO2Percent);
        Assert.Equal(
            [
                new StackLimit("stack_nox", AveragingPeriod.Hour, 250, LimitUnit.Ppm) { Source = "Air Pollution Control Act, Enforcement Regulations, Annex 3-2" },
                new StackLimit("stack_co", AveragingPeriod.TenMinutes, 150, LimitUnit.MilligramsPerCubicMetre) { Rule = LimitRule.NinetyFivePercentOfTenMinuteAveragesIn24Hours },
            ],
            japan.Limits);

        var eu = station.Stacks[1];
        Assert.Equal(("line-2", StackRegime.Eu, "Europe/Berlin", 11.0), (eu.Id, eu.Regime, eu.TimeZone, eu.ReferenceO2Percent));
        Assert.Equal((false, null, null), (eu.MeasuredWet, eu.MoistureMetric, eu.MoisturePercent));
        Assert.Null(eu.O2Corrected);
        Assert.Equal((FlowBasis.Actual, NoxSource.NoPlusNo2), (eu.Flow, eu.Nox));
        Assert.False(eu.RegimeLimits);
        Assert.Empty(eu.Limits);
    }

    [Fact]
    public void A_fixed_moisture_is_a_number_and_a_station_without_stacks_has_none()
    {
        var registry = StationRegistry.Parse(Plant.Replace("{measured: wet, from: stack_h2o}", "{measured: wet, from: 18.5}"), Source);

        Assert.Equal(18.5, registry.Stations[0].Stacks[0].MoisturePercent);
        Assert.Null(registry.Stations[0].Stacks[0].MoistureMetric);
        Assert.Empty(StationRegistry.Parse(Plant[..Plant.IndexOf("    stacks:", StringComparison.Ordinal)], Source).Stations[0].Stacks);
    }

    [Theory]
    [InlineData("kind: plant", "kind: ambient", "stations[0].stacks: only a plant station has stacks (line 11, column 7)")]
    [InlineData("devices: [yok-tsurumi-plant-02]", "devices: [yok-tsurumi-plant-09]",
        "stations[0].stacks[1].devices[0]: 'yok-tsurumi-plant-09' is not one of the station's devices (line 21, column 19)")]
    [InlineData("devices: [yok-tsurumi-plant-02]", "devices: [yok-tsurumi-plant-01]",
        "stations[0].stacks[1].devices[0]: device 'yok-tsurumi-plant-01' already belongs to the stack at stations[0].stacks[0].devices[0] (line 21, column 19)")]
    [InlineData("id: line-2", "id: line-1", "stations[0].stacks[1].id: duplicate stack id 'line-1', already used by stations[0].stacks[0] (line 20, column 13)")]
    [InlineData("regime: japan", "regime: jp", "stations[0].stacks[0].regime: unknown regime 'jp'; expected eu, japan, thailand, custom (line 13, column 17)")]
    [InlineData("time_zone: Europe/Berlin", "time_zone: Europe/Bonn",
        "stations[0].stacks[1].time_zone: unknown time zone 'Europe/Bonn'; use an IANA name such as Asia/Tokyo (line 23, column 20)")]
    [InlineData("        time_zone: Europe/Berlin\n", "",
        "stations[0].stacks[1].time_zone: required for regime 'eu': the IANA zone whose days the daily averages use (e.g. Europe/Berlin) (line 20, column 9)")]
    [InlineData("reference: {o2: 11}", "reference: {o2: 21}", "stations[0].stacks[1].reference.o2: 21 is outside 0..20 (line 24, column 25)")]
    [InlineData("regime: eu", "regime: custom", "stations[0].stacks[1].reference: regime 'custom' needs o2, temperature and pressure (line 24, column 20)")]
    [InlineData("{measured: wet, from: stack_h2o}", "{measured: wet}",
        "stations[0].stacks[0].moisture.from: required with measured: wet: the moisture metric (stack_h2o) or a fixed %vol (line 14, column 19)")]
    [InlineData("{measured: wet, from: stack_h2o}", "{measured: dry, from: stack_h2o}",
        "stations[0].stacks[0].moisture.from: only with measured: wet (dry values need no moisture) (line 14, column 41)")]
    [InlineData("{measured: wet, from: stack_h2o}", "{measured: wet, from: humidity}",
        "stations[0].stacks[0].moisture.from: 'humidity' is not a moisture metric: use stack_h2o, or a fixed %vol (line 14, column 41)")]
    [InlineData("[stack_dust, stack_hcl, stack_nox]", "[stack_dust, o2]",
        "stations[0].stacks[0].o2_corrected[1]: 'o2' is not a stack pollutant concentration (ppm, mg/m³N or µg/m³N; NO and NO2 count as stack_nox) (line 15, column 36)")]
    [InlineData("flow: normal_wet", "flow: wet", "stations[0].stacks[0].flow: unknown flow basis 'wet'; expected actual, normal_wet, normal_dry (line 16, column 15)")]
    [InlineData("period: 1h, value: 250", "period: 2h, value: 250",
        "stations[0].stacks[0].limits[0].period: unknown period '2h'; expected 10m, 30m, 1h, 4h, day (line 18, column 44)")]
    [InlineData("value: 250", "value: 0", "stations[0].stacks[0].limits[0].value: 0 is not above 0 (line 18, column 55)")]
    [InlineData("period: 10m, value: 150", "period: 30m, value: 150",
        "stations[0].stacks[0].limits[1].rule: 95_percent_of_10m_per_24h holds for period 10m only (line 19, column 79)")]
    [InlineData("rule: 95_percent_of_10m_per_24h", "rule: 95_percent",
        "stations[0].stacks[0].limits[1].rule: unknown rule '95_percent'; expected every_average, 97_percent_of_days_per_year, 95_percent_of_10m_per_24h, all_30m_per_24h (line 19, column 79)")]
    [InlineData("[stack_dust, stack_hcl, stack_nox]", "[stack_no]",
        "stations[0].stacks[0].o2_corrected[0]: 'stack_no' is not a stack pollutant concentration (ppm, mg/m³N or µg/m³N; NO and NO2 count as stack_nox) (line 15, column 24)")]
    [InlineData("pollutant: stack_nox", "pollutant: stack_noz",
        "stations[0].stacks[0].limits[0].pollutant: unknown metric 'stack_noz'; did you mean 'stack_no'? metrics are named as on the wire (docs/storage.md) (line 18, column 25)")]
    public void Each_problem_is_one_line_at_its_key(string find, string replace, string expected)
    {
        Assert.Contains(find, Plant, StringComparison.Ordinal);

        var error = Assert.Throws<StationRegistryException>(() => StationRegistry.Parse(Plant.Replace(find, replace), Source));

        Assert.Equal($"{Source}: {expected}", error.Message);
    }
}
