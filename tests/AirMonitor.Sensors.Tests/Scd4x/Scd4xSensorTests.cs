using AirMonitor.Sensors.Scd4x;
using Scd4xDriver = AirMonitor.Sensors.Scd4x.Scd4x;

namespace AirMonitor.Sensors.Tests.Scd4x;

public sealed class Scd4xSensorTests
{
    private readonly SimulatedAir _air = new() { Co2Ppm = 734.4, TemperatureCelsius = 21.37, HumidityPercent = 43.21 };

    [Fact]
    public void Reading_reproduces_the_simulated_air_within_the_scd4x_resolution()
    {
        using var sensor = Sensor(new SimulatedScd4x(_air));
        sensor.Start();

        var reading = sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(["co2", "humidity", "temperature"], reading.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(734, reading.Values["co2"]);
        Assert.Equal(21.37, reading.Values["temperature"], 175.0 / 65535);
        Assert.Equal(43.21, reading.Values["humidity"], 100.0 / 65535);
    }

    [Fact]
    public void Reading_before_start_is_not_ready()
    {
        using var sensor = Sensor(new SimulatedScd4x(_air));

        Assert.Equal(SensorFault.NotReady, sensor.Read().Fault);
    }

    [Fact]
    public void Not_ready_data_is_a_not_ready_fault()
    {
        var device = new SimulatedScd4x(_air);
        using var sensor = Sensor(device);
        sensor.Start();
        device.DataReady = false;

        var reading = sensor.Read();

        Assert.Equal(SensorFault.NotReady, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void A_corrupted_word_is_a_crc_error_not_a_value()
    {
        var device = new SimulatedScd4x(_air);
        using var sensor = Sensor(device);
        sensor.Start();
        device.CorruptNextCrc();

        Assert.Equal(SensorFault.CrcError, sensor.Read().Fault);
    }

    [Fact]
    public void Start_sets_the_ambient_pressure_then_starts_periodic_measurement()
    {
        var device = new SimulatedScd4x(_air);
        using var sensor = new Scd4xSensor(new Scd4xDriver(device) { Wait = _ => { } }, "scd41", Scd4xMeasurementMode.Periodic, 1008.0);

        sensor.Start();

        Assert.Equal([0xE000, 0x21B1], device.CommandsReceived);
        Assert.Equal(1008.0, device.AmbientPressureHectopascals);
        Assert.Equal(Scd4xMeasurementMode.Periodic, device.PeriodicMode);
    }

    [Fact]
    public void Starting_again_after_a_failure_stops_first_because_start_is_accepted_only_when_idle()
    {
        var device = new SimulatedScd4x(_air);
        using var sensor = Sensor(device);
        sensor.Start();

        sensor.Start();

        Assert.Equal([0x21B1, 0x3F86, 0x21B1], device.CommandsReceived);
    }

    [Fact]
    public void Disposing_the_sensor_stops_the_device_and_releases_the_bus()
    {
        var device = new SimulatedScd4x(_air);
        var sensor = Sensor(device);
        sensor.Start();

        sensor.Dispose();

        Assert.Null(device.PeriodicMode);
        Assert.True(device.IsDisposed);
    }

    [Fact]
    public void Warm_up_is_the_first_signal_update_interval_of_the_mode()
    {
        using var periodic = Sensor(new SimulatedScd4x(_air));
        using var lowPower = new Scd4xSensor(new Scd4xDriver(new SimulatedScd4x(_air)) { Wait = _ => { } }, "scd40", Scd4xMeasurementMode.LowPowerPeriodic);

        Assert.Equal(TimeSpan.FromSeconds(5), periodic.WarmUp);
        Assert.Equal(TimeSpan.FromSeconds(30), lowPower.WarmUp);
        Assert.Equal("scd40", lowPower.Model);
    }

    [Fact]
    public void The_family_serves_scd40_and_scd41_and_its_low_power_simulation_reads_the_air()
    {
        var family = new Scd4xModel();
        var connection = new SensorConnection("scd40", Parameters: new Dictionary<string, string> { ["mode"] = "low_power", ["ambient_pressure_hpa"] = "950" });

        using var sensor = family.CreateSimulated(connection, _air);
        sensor.Start();

        Assert.Equal(["scd40", "scd41"], family.Names);
        Assert.Equal("scd40", sensor.Model);
        Assert.Equal(TimeSpan.FromSeconds(30), sensor.WarmUp);
        Assert.Equal(734, sensor.Read().Values["co2"]);
    }

    [Theory]
    [InlineData("mode", "turbo")]
    [InlineData("ambient_pressure_hpa", "1300")]
    [InlineData("ambient_pressure_hpa", "high")]
    public void The_family_refuses_bad_parameters_naming_them(string parameter, string value)
    {
        var connection = new SensorConnection("scd41", Parameters: new Dictionary<string, string> { [parameter] = value });

        var error = Assert.Throws<ArgumentException>(() => new Scd4xModel().CreateSimulated(connection, _air));

        Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
    }

    private static Scd4xSensor Sensor(SimulatedScd4x device) => new(new Scd4xDriver(device) { Wait = _ => { } });
}
