using AirMonitor.AirQuality.Emissions;
using AirMonitor.Core.Metrics;

namespace AirMonitor.AirQuality.Tests.Emissions;

public class StackPollutantsTests
{
    [Fact]
    public void Table_is_in_enum_order_and_covers_every_pollutant()
    {
        Assert.Equal(Enum.GetValues<StackPollutant>(), StackPollutants.All.Select(p => p.Pollutant));
    }

    [Fact]
    public void Each_metric_is_in_the_vocabulary_with_the_channel_unit_stated_there()
    {
        foreach (StackPollutantInfo info in StackPollutants.All)
        {
            Assert.True(MetricVocabulary.TryGet(info.Metric, out Metric? metric), info.Metric);
            string unit = info.ChannelUnit switch
            {
                ChannelUnit.Ppm => "ppm",
                ChannelUnit.MilligramsPerNormalCubicMetre => "mg/m³N",
                _ => "µg/m³N",
            };
            Assert.Equal(unit, metric.Unit);
            Assert.Equal(MetricDomain.Emission, metric.Domain);
        }
    }

    [Fact]
    public void Every_ppm_channel_has_a_molar_mass()
    {
        Assert.All(StackPollutants.All.Where(p => p.ChannelUnit == ChannelUnit.Ppm), p => Assert.NotNull(p.MolarMassGramsPerMole));
    }

    [Fact]
    public void Metric_maps_to_pollutant_and_back()
    {
        Assert.True(StackPollutants.TryFromMetric("stack_hcl", out StackPollutant? hcl));
        Assert.Equal(StackPollutant.Hcl, hcl);
        Assert.Equal("stack_hcl", StackPollutant.Hcl.Info().Metric);
        Assert.False(StackPollutants.TryFromMetric("stack_no", out _)); // a NOx component, not a pollutant of its own
        Assert.False(StackPollutants.TryFromMetric("o2", out _));
        Assert.Equal(["stack_no", "stack_no2"], StackPollutants.NoxComponentMetrics);
    }
}
