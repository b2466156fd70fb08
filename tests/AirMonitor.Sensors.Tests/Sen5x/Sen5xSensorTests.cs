using AirMonitor.Sensors.Sen5x;
using Sen5xDriver = AirMonitor.Sensors.Sen5x.Sen5x;

namespace AirMonitor.Sensors.Tests.Sen5x;

public sealed class Sen5xSensorTests
{
    private readonly SimulatedAir _air = new()
    {
        Pm1_0MicrogramsPerCubicMeter = 7.34,
        Pm2_5MicrogramsPerCubicMeter = 11.81,
        Pm4_0MicrogramsPerCubicMeter = 14.2,
        Pm10MicrogramsPerCubicMeter = 21.66,
        HumidityPercent = 48.237,
        TemperatureCelsius = -3.4567,
    };

    [Theory]
    [InlineData(Sen5xVariant.Sen50, "sen50", new[] { "pm10", "pm1_0", "pm2_5", "pm4_0" })]
    [InlineData(Sen5xVariant.Sen54, "sen54", new[] { "humidity", "pm10", "pm1_0", "pm2_5", "pm4_0", "temperature", "voc_index" })]
    [InlineData(Sen5xVariant.Sen55, "sen55", new[] { "humidity", "nox_index", "pm10", "pm1_0", "pm2_5", "pm4_0", "temperature", "voc_index" })]
    public void Reading_has_exactly_the_metrics_of_the_variant(Sen5xVariant variant, string model, string[] metrics)
    {
        using var sensor = Sensor(new SimulatedSen5x(_air, variant));
        sensor.Start();

        var reading = sensor.Read();

        Assert.Equal(model, sensor.Model);
        Assert.True(reading.IsValid);
        Assert.Equal(metrics, reading.Values.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reading_reproduces_the_simulated_air_within_the_sen5x_resolution()
    {
        var device = new SimulatedSen5x(_air, Sen5xVariant.Sen55) { VocIndex = 137, NoxIndex = 4 };
        using var sensor = Sensor(device);
        sensor.Start();

        var values = sensor.Read().Values;

        Assert.Equal(7.34, values["pm1_0"], 0.05);
        Assert.Equal(11.81, values["pm2_5"], 0.05);
        Assert.Equal(14.2, values["pm4_0"], 0.05);
        Assert.Equal(21.66, values["pm10"], 0.05);
        Assert.Equal(48.237, values["humidity"], 0.005);
        Assert.Equal(-3.4567, values["temperature"], 0.0025);
        Assert.Equal(137, values["voc_index"], 0.05);
        Assert.Equal(4, values["nox_index"], 0.05);
    }

    [Fact]
    public void Reading_before_start_is_not_ready()
    {
        using var sensor = Sensor(new SimulatedSen5x(_air, Sen5xVariant.Sen55));

        Assert.Equal(SensorFault.NotReady, sensor.Read().Fault);
    }

    [Fact]
    public void A_failing_bus_is_a_bus_error()
    {
        var device = new SimulatedSen5x(_air, Sen5xVariant.Sen55);
        using var sensor = Sensor(device);
        sensor.Start();
        device.FailNext = new IOException("Remote I/O error");

        var reading = sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void Warm_up_covers_the_gas_index_start_on_variants_that_have_one()
    {
        using var sen50 = Sensor(new SimulatedSen5x(_air, Sen5xVariant.Sen50));
        using var sen55 = Sensor(new SimulatedSen5x(_air, Sen5xVariant.Sen55));

        Assert.Equal(TimeSpan.FromSeconds(8), sen50.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(60), sen55.WarmUp);
    }

    [Fact]
    public void Disposing_the_sensor_stops_the_device_and_releases_the_bus()
    {
        var device = new SimulatedSen5x(_air, Sen5xVariant.Sen55);
        var sensor = Sensor(device);
        sensor.Start();

        sensor.Dispose();

        Assert.False(device.IsMeasuring);
        Assert.True(device.IsDisposed);
        Assert.Equal((ushort)0x0104, device.CommandsReceived.Last());
    }

    [Fact]
    public void The_family_serves_the_three_variants_and_its_simulation_reads_the_air()
    {
        var family = new Sen5xModel();

        using var sensor = family.CreateSimulated(new SensorConnection("sen54"), _air);
        sensor.Start();
        var reading = sensor.Read();

        Assert.Equal(["sen50", "sen54", "sen55"], family.Names);
        Assert.Equal("sen54", sensor.Model);
        Assert.Equal(11.8, reading.Values["pm2_5"], 0.05);
        Assert.DoesNotContain("nox_index", reading.Values.Keys);
    }

    [Fact]
    public void The_family_refuses_a_model_that_is_not_a_sen5x()
    {
        var error = Assert.Throws<ArgumentException>(() => new Sen5xModel().CreateSimulated(new SensorConnection("sen66"), _air));

        Assert.Contains("sen66", error.Message, StringComparison.Ordinal);
    }

    private static Sen5xSensor Sensor(SimulatedSen5x device) => new(new Sen5xDriver(device, device.Variant) { Wait = _ => { } });
}
