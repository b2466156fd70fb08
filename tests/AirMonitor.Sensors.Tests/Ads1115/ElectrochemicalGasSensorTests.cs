using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Ads1115;

namespace AirMonitor.Sensors.Tests.Ads1115;

public sealed class ElectrochemicalGasSensorTests
{
    private static Dictionary<string, string> No2Parameters() => new()
    {
        ["gas"] = "no2",
        ["we_channel"] = "0",
        ["ae_channel"] = "1",
        ["we0_mv"] = "295",
        ["ae0_mv"] = "282",
        ["sensitivity_mv_per_ppb"] = "-0.25",
        ["k"] = "1.2",
    };

    [Fact]
    public void Concentration_subtracts_zeros_and_weighted_auxiliary_then_divides_by_sensitivity()
    {
        // (270 − 295 − 1.2·(285 − 282)) / −0.25 = (−25 − 3.6) / −0.25 = 114.4 ppb
        var cell = new ElectrochemicalCell(ElectrochemicalGas.No2, 0, 1, 295, 282, -0.25, 1.2);

        Assert.Equal(114.4, cell.Concentration(270.0, 285.0), 10);
    }

    [Fact]
    public void Sensor_reads_both_electrodes_and_reports_no2_in_ppb()
    {
        // 270.0 mV and 285.0 mV are exact codes at ±4.096 V (0.125 mV per LSB: 2160 and 2280).
        var volts = new[] { 0.270, 0.285, 0.0, 0.0 };
        var simulated = new SimulatedAds1115(channel => volts[channel]);
        var cell = new ElectrochemicalCell(ElectrochemicalGas.No2, 0, 1, 295, 282, -0.25, 1.2);
        using var sensor = new ElectrochemicalGasSensor(new Ads1115Device(simulated) { Wait = _ => { } }, cell);

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(114.4, reading.Values[MetricVocabulary.No2], 10);
        Assert.Equal([0xC383, 0xD383], simulated.ConfigWrites.Select(w => (int)w)); // AIN0 then AIN1, ±4.096 V, 128 SPS
    }

    [Fact]
    public void Carbon_monoxide_is_reported_in_ppm_with_a_sensitivity_per_ppm()
    {
        // (350 − 330 − 1·(300 − 300)) / 0.4 mV/ppm = 50 ppm
        var connection = new SensorConnection("ads1115-electrochem", Parameters: new Dictionary<string, string>
        {
            ["gas"] = "co", ["we_channel"] = "2", ["ae_channel"] = "3", ["we0_mv"] = "330", ["ae0_mv"] = "300", ["sensitivity_mv_per_ppm"] = "0.4",
        });
        var cell = ElectrochemicalCell.FromParameters(connection);
        var volts = new[] { 0.0, 0.0, 0.350, 0.300 };
        using var sensor = new ElectrochemicalGasSensor(new Ads1115Device(new SimulatedAds1115(channel => volts[channel])) { Wait = _ => { } }, cell);

        var reading = sensor.Read();

        Assert.Equal(1.0, cell.AuxiliaryFactor);
        Assert.Equal(MetricVocabulary.Co, cell.Metric);
        Assert.Equal(50.0, reading.Values[MetricVocabulary.Co], 10);
    }

    [Theory]
    [InlineData("no2", MetricVocabulary.No2)]
    [InlineData("O3", MetricVocabulary.O3)]
    [InlineData("so2", MetricVocabulary.So2)]
    public void Gas_parameter_chooses_the_metric(string gas, string metric)
    {
        var parameters = No2Parameters();
        parameters["gas"] = gas;

        Assert.Equal(metric, ElectrochemicalCell.FromParameters(new SensorConnection("ads1115-electrochem", Parameters: parameters)).Metric);
    }

    [Theory]
    [InlineData("we0_mv")]
    [InlineData("ae0_mv")]
    [InlineData("sensitivity_mv_per_ppb")]
    [InlineData("we_channel")]
    public void A_missing_constant_is_an_argument_error_naming_model_and_parameter(string missing)
    {
        var parameters = No2Parameters();
        parameters.Remove(missing);

        var error = Assert.Throws<ArgumentException>(() => new Ads1115ElectrochemicalModel().CreateSimulated(new SensorConnection("ads1115-electrochem", Parameters: parameters), new SimulatedAir()));

        Assert.Contains("ads1115-electrochem", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Carbon_monoxide_refuses_a_sensitivity_given_per_ppb()
    {
        var parameters = No2Parameters();
        parameters["gas"] = "co";

        var error = Assert.Throws<ArgumentException>(() => ElectrochemicalCell.FromParameters(new SensorConnection("ads1115-electrochem", Parameters: parameters)));

        Assert.Contains("sensitivity_mv_per_ppm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gas", "nox")]
    [InlineData("we_channel", "4")]
    [InlineData("ae_channel", "0")]
    [InlineData("sensitivity_mv_per_ppb", "0")]
    public void Invalid_parameters_are_argument_errors_naming_the_parameter(string name, string value)
    {
        var parameters = No2Parameters();
        parameters[name] = value;

        var error = Assert.Throws<ArgumentException>(() => ElectrochemicalCell.FromParameters(new SensorConnection("ads1115-electrochem", Parameters: parameters)));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Simulated_model_reads_back_the_airs_no2_within_one_code()
    {
        var air = new SimulatedAir { No2Ppb = 42.0 };

        using var sensor = new Ads1115ElectrochemicalModel().CreateSimulated(new SensorConnection("ads1115-electrochem", Parameters: No2Parameters()), air);
        var reading = sensor.Read();

        // Two codes of 0.125 mV, the auxiliary weighted by k 1.2, over 0.25 mV/ppb: at most (0.0625 + 0.075) / 0.25 = 0.55 ppb.
        Assert.Equal(42.0, reading.Values[MetricVocabulary.No2], 0.55);
        Assert.Equal("ads1115-electrochem", sensor.Model);
    }

    [Fact]
    public void A_conversion_that_never_completes_is_not_ready()
    {
        var simulated = new SimulatedAds1115(_ => 0.3) { NeverCompletes = true };
        var cell = new ElectrochemicalCell(ElectrochemicalGas.O3, 0, 1, 295, 282, -0.25);
        using var sensor = new ElectrochemicalGasSensor(new Ads1115Device(simulated) { Wait = _ => { } }, cell);

        Assert.Equal(SensorFault.NotReady, sensor.Read().Fault);
    }

    [Fact]
    public void A_bus_failure_is_a_bus_error()
    {
        var simulated = new SimulatedAds1115(_ => 0.3) { FailNext = new IOException("remote I/O error") };
        var cell = new ElectrochemicalCell(ElectrochemicalGas.O3, 0, 1, 295, 282, -0.25);
        using var sensor = new ElectrochemicalGasSensor(new Ads1115Device(simulated) { Wait = _ => { } }, cell);

        Assert.Equal(SensorFault.BusError, sensor.Read().Fault);
    }
}
