using System.Device.I2c;

namespace AirMonitor.Sensors.Bme280;

/// <summary>
/// Profile model <c>bme280</c>: I2C address 0x76 by default (0x77 with SDO high). No parameters.
/// <code>
/// - model: bme280
///   i2c_bus: 1
///   address: 0x76
/// </code>
/// </summary>
public sealed class Bme280Model : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = ["bme280"];

    public ISensor Create(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Bme280Device.DefaultAddress));
        try
        {
            return new Bme280Sensor(new Bme280Device(device));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new Bme280Sensor(new Bme280Device(new SimulatedBme280(air, connection.Address ?? Bme280Device.DefaultAddress)));
    }
}
