using System.Device.I2c;

namespace AirMonitor.Sensors.Sen5x;

/// <summary>The SEN5x family for device profiles: models <c>sen50</c>, <c>sen54</c>, <c>sen55</c>, I2C address 0x69.</summary>
public sealed class Sen5xModel : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = ["sen50", "sen54", "sen55"];

    public ISensor Create(SensorConnection connection)
    {
        var variant = VariantOf(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Sen5x.DefaultI2cAddress));
        return new Sen5xSensor(new Sen5x(device, variant));
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var variant = VariantOf(connection);
        var device = new SimulatedSen5x(air, variant, connection.Address ?? Sen5x.DefaultI2cAddress);
        return new Sen5xSensor(new Sen5x(device, variant));
    }

    private static Sen5xVariant VariantOf(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Sen5x.TryParseVariant(connection.Model, out var variant)
            ? variant
            : throw new ArgumentException($"{connection.Model}: not a SEN5x model (sen50, sen54, sen55)", nameof(connection));
    }
}
