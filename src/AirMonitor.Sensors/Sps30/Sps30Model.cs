using System.Device.I2c;

namespace AirMonitor.Sensors.Sps30;

/// <summary>The SPS30 family for device profiles: model <c>sps30</c>, I2C address 0x69.</summary>
public sealed class Sps30Model : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = ["sps30"];

    public ISensor Create(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Sps30.DefaultI2cAddress));
        return new Sps30Sensor(new Sps30(device));
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new Sps30Sensor(new Sps30(new SimulatedSps30(air, connection.Address ?? Sps30.DefaultI2cAddress)));
    }
}
