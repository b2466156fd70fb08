using System.Device.I2c;
using AirMonitor.Sensors.Uart;

namespace AirMonitor.Sensors.Pmsx003;

/// <summary>The Plantower family: <c>pms5003</c>, <c>pms7003</c>, <c>pmsa003</c> on a serial port; <c>pmsa003i</c> on I2C.</summary>
public sealed class Pmsx003Model : ISensorModel
{
    private const string I2cVariant = "pmsa003i";

    // Active mode streams a frame at most every 2.3 s: a longer wait means the sensor is silent.
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    public IReadOnlyList<string> Names { get; } = ["pms5003", "pms7003", "pmsa003", I2cVariant];

    public ISensor Create(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (IsI2c(connection))
        {
            var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Pmsa003i.DefaultI2cAddress));
            return new Pmsa003iSensor(new Pmsa003i(device), connection.Model);
        }

        return new Pmsx003Sensor(new Pmsx003(SerialLine.Open(connection, ReadTimeout)), connection.Model);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return IsI2c(connection)
            ? new Pmsa003iSensor(new Pmsa003i(new SimulatedPmsa003i(air, connection.Address ?? Pmsa003i.DefaultI2cAddress)), connection.Model)
            : new Pmsx003Sensor(new Pmsx003(new SimulatedPmsx003(air)), connection.Model);
    }

    private bool IsI2c(SensorConnection connection) =>
        Names.Contains(connection.Model, StringComparer.Ordinal)
            ? connection.Model == I2cVariant
            : throw new ArgumentException($"{connection.Model}: not a Plantower model ({string.Join(", ", Names)})", nameof(connection));
}
