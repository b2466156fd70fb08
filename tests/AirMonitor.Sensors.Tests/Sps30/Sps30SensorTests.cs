using AirMonitor.Sensors.Sps30;
using Sps30Driver = AirMonitor.Sensors.Sps30.Sps30;

namespace AirMonitor.Sensors.Tests.Sps30;

public sealed class Sps30SensorTests : IDisposable
{
    private readonly SimulatedAir _air = new()
    {
        Pm1_0MicrogramsPerCubicMeter = 7.3,
        Pm2_5MicrogramsPerCubicMeter = 11.8,
        Pm4_0MicrogramsPerCubicMeter = 14.2,
        Pm10MicrogramsPerCubicMeter = 21.6,
    };

    private readonly SimulatedSps30 _device;
    private readonly Sps30Sensor _sensor;

    public Sps30SensorTests()
    {
        _device = new SimulatedSps30(_air);
        _sensor = new Sps30Sensor(new Sps30Driver(_device) { Wait = _ => { } });
    }

    [Fact]
    public void Reading_reproduces_the_simulated_pm_within_float_resolution()
    {
        _sensor.Start();

        var reading = _sensor.Read();

        Assert.True(reading.IsValid);
        Assert.Equal(["pm10", "pm1_0", "pm2_5", "pm4_0"], reading.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(7.3, reading.Values["pm1_0"], 1e-5);
        Assert.Equal(11.8, reading.Values["pm2_5"], 1e-5);
        Assert.Equal(14.2, reading.Values["pm4_0"], 1e-5);
        Assert.Equal(21.6, reading.Values["pm10"], 1e-5);
    }

    [Fact]
    public void Reading_follows_the_air_as_it_changes()
    {
        _sensor.Start();
        _air.Pm2_5MicrogramsPerCubicMeter = 250.5;

        Assert.Equal(250.5, _sensor.Read().Values["pm2_5"], 1e-4);
    }

    [Fact]
    public void Reading_before_start_is_not_ready()
    {
        var reading = _sensor.Read();

        Assert.Equal(SensorFault.NotReady, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void A_corrupted_word_is_a_crc_error_not_a_value()
    {
        _sensor.Start();
        _device.CorruptNextCrc();

        var reading = _sensor.Read();

        Assert.Equal(SensorFault.CrcError, reading.Fault);
        Assert.Empty(reading.Values);
    }

    [Fact]
    public void A_failing_bus_is_a_bus_error()
    {
        _sensor.Start();
        _device.FailNext = new IOException("Error 121 performing I2C data transfer");

        var reading = _sensor.Read();

        Assert.Equal(SensorFault.BusError, reading.Fault);
        Assert.Contains("Error 121", reading.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Starting_again_after_a_failure_stops_first_because_start_is_accepted_only_when_idle()
    {
        _sensor.Start();

        _sensor.Start();

        Assert.True(_device.IsMeasuring);
        Assert.Equal([0x0010, 0x0104, 0x0010], _device.CommandsReceived);
    }

    [Fact]
    public void Disposing_the_sensor_stops_the_device_and_releases_the_bus()
    {
        _sensor.Start();

        _sensor.Dispose();

        Assert.False(_device.IsMeasuring);
        Assert.True(_device.IsDisposed);
    }

    [Fact]
    public void Model_and_warm_up_are_the_datasheet_ones()
    {
        Assert.Equal("sps30", _sensor.Model);
        Assert.Equal(TimeSpan.FromSeconds(8), _sensor.WarmUp);
    }

    [Fact]
    public void The_family_serves_sps30_and_its_simulation_reads_the_air()
    {
        var family = new Sps30Model();

        using var sensor = family.CreateSimulated(new SensorConnection("sps30"), _air);
        sensor.Start();

        Assert.Equal(["sps30"], family.Names);
        Assert.Equal(11.8, sensor.Read().Values["pm2_5"], 1e-5);
    }

    public void Dispose() => _sensor.Dispose();
}
