using AirMonitor.Core.Metrics;
using AirMonitor.Sensors.Ads1115;

namespace AirMonitor.Sensors.Tests.Ads1115;

public sealed class LoopCurrentSensorTests
{
    private static readonly CurrentLoop OxygenLoop = new(Channel: 0, ShuntOhms: 150, Metric: MetricVocabulary.O2, RangeMin: 0, RangeMax: 25);

    private static LoopCurrentSensor SensorAt(double milliamps, CurrentLoop? loop = null)
    {
        loop ??= OxygenLoop;
        var air = new SimulatedAir { LoopCurrentMilliamps = milliamps };
        return new LoopCurrentSensor(new Ads1115Device(SimulatedAds1115.ForCurrentLoop(air, loop)) { Wait = _ => { } }, loop);
    }

    [Theory]
    [InlineData(4.0, 0.0)] // 0.6 V across 150 Ω: code 4800 at ±4.096 V
    [InlineData(12.0, 12.5)] // 1.8 V: code 14400
    [InlineData(20.0, 25.0)] // 3.0 V: code 24000
    [InlineData(3.8, -0.3125)] // NE43 under-range band still measures: 0 + (−0.2/16)·25
    public void Loop_current_scales_linearly_from_range_min_at_4_mA_to_range_max_at_20_mA(double milliamps, double expected)
    {
        using var sensor = SensorAt(milliamps);

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(expected, reading.Values[MetricVocabulary.O2], 10);
    }

    [Theory]
    [InlineData(0.0)] // broken loop
    [InlineData(3.6)] // NE43 failure signal
    [InlineData(21.0)] // NE43 failure signal (high)
    public void Current_outside_NE43_limits_is_a_fault_not_a_value(double milliamps)
    {
        using var sensor = SensorAt(milliamps);

        var reading = sensor.Read();

        Assert.Equal(SensorFault.NoValue, reading.Fault);
        Assert.Empty(reading.Values);
        Assert.Contains("NE43", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_shunt_reads_on_the_4_096_volt_range()
    {
        var simulated = SimulatedAds1115.ForCurrentLoop(new SimulatedAir(), OxygenLoop);
        using var sensor = new LoopCurrentSensor(new Ads1115Device(simulated) { Wait = _ => { } }, OxygenLoop);

        sensor.Read();

        Assert.Equal(0xC383, simulated.ConfigWrites.Single());
    }

    [Fact]
    public void A_larger_shunt_chooses_the_6_144_volt_range()
    {
        // 20.5 mA across 250 Ω is 5.125 V: beyond ±4.096 V.
        Assert.Equal(Ads1115FullScale.PlusMinus6_144Volts, (OxygenLoop with { ShuntOhms = 250 }).FullScale);
        Assert.Equal(Ads1115FullScale.PlusMinus4_096Volts, OxygenLoop.FullScale);
    }

    [Fact]
    public void Model_reads_parameters_and_defaults_the_shunt_to_150_ohms()
    {
        var connection = new SensorConnection("ads1115-4-20ma", Parameters: new Dictionary<string, string>
        {
            ["channel"] = "3", ["metric"] = "flow", ["range_min"] = "0", ["range_max"] = "50000",
        });
        var air = new SimulatedAir { LoopCurrentMilliamps = 8.0 };

        using var sensor = new Ads1115LoopCurrentModel().CreateSimulated(connection, air);
        var reading = sensor.Read();

        Assert.Equal(new CurrentLoop(3, 150, MetricVocabulary.Flow, 0, 50000), CurrentLoop.FromParameters(connection));
        Assert.Equal(12500.0, reading.Values[MetricVocabulary.Flow], 6); // (8 − 4)/16 · 50000
        Assert.Equal(["ads1115-4-20ma"], new Ads1115LoopCurrentModel().Names);
    }

    [Theory]
    [InlineData("metric", "oxygen")]
    [InlineData("channel", "5")]
    [InlineData("range_max", "-1")]
    [InlineData("shunt_ohms", "0")]
    public void Invalid_parameters_are_argument_errors_naming_model_and_parameter(string name, string value)
    {
        var parameters = new Dictionary<string, string> { ["channel"] = "0", ["metric"] = "o2", ["range_min"] = "0", ["range_max"] = "25" };
        parameters[name] = value;

        var error = Assert.Throws<ArgumentException>(() => new Ads1115LoopCurrentModel().CreateSimulated(new SensorConnection("ads1115-4-20ma", Parameters: parameters), new SimulatedAir()));

        Assert.Contains("ads1115-4-20ma", error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_range_is_an_argument_error()
    {
        var parameters = new Dictionary<string, string> { ["channel"] = "0", ["metric"] = "o2", ["range_min"] = "0" };

        var error = Assert.Throws<ArgumentException>(() => CurrentLoop.FromParameters(new SensorConnection("ads1115-4-20ma", Parameters: parameters)));

        Assert.Contains("range_max", error.Message, StringComparison.Ordinal);
    }
}
