using AirMonitor.Core.Metrics;

namespace AirMonitor.Sensors.Tests.Mhz19b;

using AirMonitor.Sensors.Mhz19b;

public sealed class Mhz19bSensorTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void The_sensor_reports_the_airs_co2_in_whole_ppm_under_the_canonical_metric()
    {
        var air = new SimulatedAir { Co2Ppm = 731.4 };
        using var sensor = new Mhz19bModel().CreateSimulated(new SensorConnection("mhz19b"), air);
        sensor.Start();

        var reading = sensor.Read();

        Assert.True(reading.IsValid, reading.Detail);
        Assert.Equal(new Dictionary<string, double> { [MetricVocabulary.Co2] = 731 }, reading.Values);
    }

    [Fact]
    public void The_model_is_mhz19b_with_the_three_minute_preheat()
    {
        var model = new Mhz19bModel();
        using var sensor = model.CreateSimulated(new SensorConnection("mhz19b"), new SimulatedAir());

        Assert.Equal(["mhz19b"], model.Names);
        Assert.Equal("mhz19b", sensor.Model);
        Assert.Equal(TimeSpan.FromMinutes(3), sensor.WarmUp);
    }

    [Fact]
    public void A_corrupted_answer_is_a_checksum_error_and_the_next_read_is_valid()
    {
        var air = new SimulatedAir { Co2Ppm = 480 };
        using var simulated = new SimulatedMhz19b(air, ShortTimeout) { CorruptNextAnswer = true };
        using var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b");

        var corrupt = sensor.Read();
        var next = sensor.Read();

        Assert.Equal(SensorFault.ChecksumError, corrupt.Fault);
        Assert.Empty(corrupt.Values);
        Assert.Equal(480, next.Values[MetricVocabulary.Co2]);
    }

    [Fact]
    public void A_silent_sensor_is_a_timeout()
    {
        using var simulated = new SimulatedMhz19b(new SimulatedAir(), ShortTimeout) { IsSilent = true };
        using var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b");

        Assert.Equal(SensorFault.Timeout, sensor.Read().Fault);
    }

    [Fact]
    public void A_failing_port_is_a_bus_error()
    {
        using var simulated = new SimulatedMhz19b(new SimulatedAir(), ShortTimeout) { FailNext = new IOException("Input/output error") };
        using var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b");

        var reading = sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Equal("Input/output error", reading.Detail);
    }

    [Theory]
    [InlineData("off", "FF017900000000" + "0086", false)]
    [InlineData("on", "FF0179A000000000E6", true)]
    public void The_automatic_baseline_parameter_is_sent_at_start(string setting, string expectedCommand, bool expectedState)
    {
        using var simulated = new SimulatedMhz19b(new SimulatedAir(), ShortTimeout);
        using var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b", setting == "on");

        sensor.Start();

        Assert.Equal(expectedCommand, Convert.ToHexString(Assert.Single(simulated.Writes)));
        Assert.Equal(expectedState, simulated.AutomaticBaselineCorrection);
    }

    [Fact]
    public void Without_the_automatic_baseline_parameter_start_sends_nothing()
    {
        using var simulated = new SimulatedMhz19b(new SimulatedAir(), ShortTimeout);
        using var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b");

        sensor.Start();

        Assert.Empty(simulated.Writes);
    }

    [Fact]
    public void An_automatic_baseline_parameter_other_than_on_or_off_names_the_model_and_parameter()
    {
        var connection = new SensorConnection("mhz19b", Parameters: new Dictionary<string, string> { ["automatic_baseline"] = "yes" });

        var error = Assert.Throws<ArgumentException>(() => new Mhz19bModel().CreateSimulated(connection, new SimulatedAir()));

        Assert.StartsWith("mhz19b: parameter 'automatic_baseline' must be 'on' or 'off' (is 'yes')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Creating_the_sensor_without_a_port_names_the_model()
    {
        var error = Assert.Throws<ArgumentException>(() => new Mhz19bModel().Create(new SensorConnection("mhz19b")));

        Assert.StartsWith("mhz19b: a serial port is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_sensor_closes_the_port()
    {
        var simulated = new SimulatedMhz19b(new SimulatedAir(), ShortTimeout);
        var sensor = new Mhz19bSensor(new Mhz19b(simulated), "mhz19b");

        sensor.Dispose();

        Assert.True(simulated.IsDisposed);
    }
}
