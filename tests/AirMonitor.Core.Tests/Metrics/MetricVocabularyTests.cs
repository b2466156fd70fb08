using AirMonitor.Core.Metrics;

namespace AirMonitor.Core.Tests.Metrics;

/// <summary>The vocabulary the validator checks values against, held to the vocabulary wire contract v1 began with.</summary>
public class MetricVocabularyTests
{
    private static readonly string[] StackMetrics = ["o2", "stack_so2", "stack_nox", "stack_co", "stack_hcl", "stack_dust", "flue_temperature", "flow",
        "stack_no", "stack_no2", "stack_co2", "stack_h2o", "stack_hf", "stack_nh3", "stack_toc", "stack_hg", "flue_pressure", "flow_actual",
        "furnace_temperature", "plant_state"];

    public static TheoryData<string, string> DesignUnits => new()
    {
        { "pm1_0", "µg/m³" },
        { "pm2_5", "µg/m³" },
        { "pm4_0", "µg/m³" },
        { "pm10", "µg/m³" },
        { "co2", "ppm" },
        { "co", "ppm" },
        { "no2", "ppb" },
        { "so2", "ppb" },
        { "o3", "ppb" },
        { "nox", "ppb" },
        { "voc_index", "index" },
        { "nox_index", "index" },
        { "temperature", "°C" },
        { "humidity", "%RH" },
        { "pressure", "hPa" },
        { "gas_resistance", "Ω" },
        { "o2", "%vol" },
        { "stack_so2", "ppm" },
        { "stack_nox", "ppm" },
        { "stack_co", "ppm" },
        { "stack_hcl", "mg/m³N" },
        { "stack_dust", "mg/m³N" },
        { "flue_temperature", "°C" },
        { "flow", "m³N/h" },
    };

    /// <summary>Metrics added beside those, in the one place in code, each with its row in docs/storage.md.</summary>
    public static TheoryData<string, string> ExtensionUnits => new()
    {
        { "pm2_5_cf1", "µg/m³" },
        { "stack_no", "ppm" },
        { "stack_no2", "ppm" },
        { "stack_co2", "%vol" },
        { "stack_h2o", "%vol" },
        { "stack_hf", "mg/m³N" },
        { "stack_nh3", "mg/m³N" },
        { "stack_toc", "mg/m³N" },
        { "stack_hg", "µg/m³N" },
        { "flue_pressure", "hPa" },
        { "flow_actual", "m³/h" },
        { "furnace_temperature", "°C" },
        { "plant_state", "code" },
        { "no", "ppb" },
        { "ox", "ppb" },
        { "spm", "µg/m³" },
    };

    [Theory]
    [MemberData(nameof(DesignUnits))]
    [MemberData(nameof(ExtensionUnits))]
    public void Metric_is_present_with_its_documented_unit(string name, string unit)
    {
        Assert.True(MetricVocabulary.TryGet(name, out var metric));
        Assert.Equal(name, metric.Name);
        Assert.Equal(unit, metric.Unit);
        Assert.Contains(metric, MetricVocabulary.All);
    }

    [Fact]
    public void Vocabulary_holds_exactly_the_design_metrics_and_the_documented_extensions()
    {
        Assert.Equal(
            DesignUnits.Concat(ExtensionUnits).Select(row => (string)row[0]).Order(StringComparer.Ordinal),
            MetricVocabulary.All.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Pm2_5_cf1_is_an_air_metric_with_the_pm_range()
    {
        Assert.True(MetricVocabulary.TryGet(MetricVocabulary.Pm2_5Cf1, out var cf1));

        Assert.Equal((0.0, 10_000.0, MetricDomain.Air), (cf1.Min, cf1.Max, cf1.Domain));
        Assert.Equal("PM2.5 at CF=1 (Plantower's standard-particle value; the input of the US EPA correction)", cf1.Description);
    }

    [Fact]
    public void Metric_names_are_unique()
    {
        Assert.Equal(MetricVocabulary.All.Count, MetricVocabulary.All.Select(m => m.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Metric_names_are_valid_field_keys_in_snake_case()
    {
        Assert.All(MetricVocabulary.All, m => Assert.Matches("^[a-z][a-z0-9_]*$", m.Name));
    }

    [Fact]
    public void Every_range_has_finite_min_below_max()
    {
        Assert.All(MetricVocabulary.All, m =>
        {
            Assert.True(double.IsFinite(m.Min) && double.IsFinite(m.Max), m.Name);
            Assert.True(m.Min < m.Max, m.Name);
        });
    }

    [Fact]
    public void Every_metric_has_a_description()
    {
        Assert.All(MetricVocabulary.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Description), m.Name));
    }

    [Fact]
    public void Stack_metrics_are_in_the_emission_domain()
    {
        Assert.All(StackMetrics, name =>
        {
            Assert.True(MetricVocabulary.TryGet(name, out var metric));
            Assert.Equal(MetricDomain.Emission, metric.Domain);
        });
    }

    [Fact]
    public void Every_other_metric_is_in_the_air_domain()
    {
        var air = MetricVocabulary.All.Where(m => !StackMetrics.Contains(m.Name)).ToList();

        Assert.Equal(20, air.Count);
        Assert.All(air, m => Assert.Equal(MetricDomain.Air, m.Domain));
    }

    [Theory]
    [InlineData("PM2_5")]
    [InlineData("pm2.5")]
    [InlineData("pm25")]
    [InlineData(" pm2_5")]
    [InlineData("")]
    public void Lookup_is_exact_and_case_sensitive(string name)
    {
        Assert.False(MetricVocabulary.TryGet(name, out var metric));
        Assert.Null(metric);
    }

    [Fact]
    public void Range_includes_both_bounds_and_excludes_what_lies_beyond()
    {
        Assert.True(MetricVocabulary.TryGet(MetricVocabulary.Humidity, out var humidity));

        Assert.True(humidity.InRange(0));
        Assert.True(humidity.InRange(100));
        Assert.True(humidity.InRange(55.5));
        Assert.False(humidity.InRange(-0.001));
        Assert.False(humidity.InRange(100.001));
        Assert.False(humidity.InRange(double.NaN));
    }

    [Fact]
    public void Name_constants_match_the_wire_names()
    {
        Assert.Equal(
            ["pm1_0", "pm2_5", "pm2_5_cf1", "pm4_0", "pm10", "co2", "co", "no2", "so2", "o3", "nox", "voc_index", "nox_index", "temperature", "humidity",
             "pressure", "gas_resistance", "o2", "stack_so2", "stack_nox", "stack_co", "stack_hcl", "stack_dust", "flue_temperature", "flow"],
            [MetricVocabulary.Pm1_0, MetricVocabulary.Pm2_5, MetricVocabulary.Pm2_5Cf1, MetricVocabulary.Pm4_0, MetricVocabulary.Pm10, MetricVocabulary.Co2, MetricVocabulary.Co,
             MetricVocabulary.No2, MetricVocabulary.So2, MetricVocabulary.O3, MetricVocabulary.Nox, MetricVocabulary.VocIndex, MetricVocabulary.NoxIndex,
             MetricVocabulary.Temperature, MetricVocabulary.Humidity, MetricVocabulary.Pressure, MetricVocabulary.GasResistance, MetricVocabulary.O2,
             MetricVocabulary.StackSo2, MetricVocabulary.StackNox, MetricVocabulary.StackCo, MetricVocabulary.StackHcl, MetricVocabulary.StackDust,
             MetricVocabulary.FlueTemperature, MetricVocabulary.Flow]);
    }
}
