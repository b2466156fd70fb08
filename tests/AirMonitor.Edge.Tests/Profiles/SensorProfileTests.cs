using AirMonitor.Edge.Profiles;
using AirMonitor.Sensors;

namespace AirMonitor.Edge.Tests.Profiles;

/// <summary>What a sensor's profile gives its driver (<see cref="SensorConnection"/>) and its readings (calibration).</summary>
public sealed class SensorProfileTests
{
    private static readonly Dictionary<string, string> NoParameters = [];

    private static SensorProfile Sensor(
        SensorBus bus, int i2cBus = 1, int? address = null, string? port = null, IReadOnlyDictionary<string, string>? parameters = null, params CalibrationProfile[] calibration) =>
        new("no2", "ads1115-electrochem", bus, i2cBus, address, port, TimeSpan.FromSeconds(10), null, 1,
            calibration.ToDictionary(c => c.Metric), parameters ?? NoParameters);

    [Fact]
    public void I2c_sensor_connects_with_its_model_bus_address_and_parameters()
    {
        var parameters = new Dictionary<string, string> { ["we0_mv"] = "227", ["channels"] = "0,1" };

        var connection = Sensor(SensorBus.I2c, i2cBus: 3, address: 0x48, parameters: parameters).ToConnection();

        Assert.Equal(("ads1115-electrochem", 3, (int?)0x48, (string?)null), (connection.Model, connection.I2cBus, connection.Address, connection.Port));
        Assert.Same(parameters, connection.Parameters);
        Assert.Equal(227, connection.RequiredNumber("we0_mv"));
    }

    [Fact]
    public void I2c_sensor_without_an_address_leaves_it_to_the_models_default()
    {
        var connection = Sensor(SensorBus.I2c).ToConnection();

        Assert.Equal((1, (int?)null), (connection.I2cBus, connection.Address));
    }

    [Fact]
    public void Uart_sensor_connects_with_its_port_and_no_address()
    {
        var connection = Sensor(SensorBus.Uart, port: "/dev/ttyAMA0").ToConnection();

        Assert.Equal(new SensorConnection("ads1115-electrochem", 1, null, "/dev/ttyAMA0", NoParameters), connection);
    }

    [Fact]
    public void Profile_read_from_yaml_connects_as_written()
    {
        var profile = TestProfiles.Parse(
            """
            device: {id: bkk-dindaeng-01}
            mqtt: {url: 'mqtt://127.0.0.1'}
            sensors:
              - {model: pms5003, bus: uart, port: /dev/ttyAMA0, interval: 10s}
              - {model: bme280, bus: i2c, i2c_bus: 0, address: 0x76, interval: 10s, parameters: {oversampling: 4}}
            """,
            "inline.yaml");

        Assert.Equal(new SensorConnection("pms5003", Port: "/dev/ttyAMA0", Parameters: profile.Sensors[0].Parameters), profile.Sensors[0].ToConnection());
        var bme = profile.Sensors[1].ToConnection();
        Assert.Equal(("bme280", 0, (int?)0x76, "4"), (bme.Model, bme.I2cBus, bme.Address, bme.Parameter("oversampling")));
    }

    [Fact]
    public void Calibration_scales_then_offsets_the_metric_it_names()
    {
        var sensor = Sensor(SensorBus.I2c, calibration: [new CalibrationProfile("no2", Slope: 0.9, Offset: 2.5)]);

        Assert.Equal(20.5, sensor.Calibrate("no2", 20), precision: 12);
    }

    [Fact]
    public void Metric_without_calibration_is_returned_unchanged()
    {
        var sensor = Sensor(SensorBus.I2c, calibration: [new CalibrationProfile("no2", Slope: 0.9, Offset: 2.5)]);

        Assert.Equal(29.4, sensor.Calibrate("temperature", 29.4));
    }

    [Fact]
    public void Default_calibration_leaves_values_as_read()
    {
        Assert.Equal(12.4, new CalibrationProfile("pm2_5").Apply(12.4));
    }
}
