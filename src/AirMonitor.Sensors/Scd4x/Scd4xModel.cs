using System.Device.I2c;

namespace AirMonitor.Sensors.Scd4x;

/// <summary>
/// The SCD4x family for device profiles: models <c>scd40</c>, <c>scd41</c>, I2C address 0x62.
/// Parameters: <c>mode</c> = <c>periodic</c> (default) or <c>low_power</c>; <c>ambient_pressure_hpa</c> (700–1200) for CO2 pressure compensation.
/// </summary>
public sealed class Scd4xModel : ISensorModel
{
    public const string ModeParameter = "mode";
    public const string AmbientPressureParameter = "ambient_pressure_hpa";

    public IReadOnlyList<string> Names { get; } = ["scd40", "scd41"];

    public ISensor Create(SensorConnection connection)
    {
        var (mode, pressure) = Settings(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Scd4x.DefaultI2cAddress));
        return new Scd4xSensor(new Scd4x(device), connection.Model, mode, pressure);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var (mode, pressure) = Settings(connection);
        var device = new SimulatedScd4x(air, connection.Address ?? Scd4x.DefaultI2cAddress);
        return new Scd4xSensor(new Scd4x(device), connection.Model, mode, pressure);
    }

    private static (Scd4xMeasurementMode Mode, double? AmbientPressureHectopascals) Settings(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var mode = connection.Parameter(ModeParameter) switch
        {
            null or "periodic" => Scd4xMeasurementMode.Periodic,
            "low_power" => Scd4xMeasurementMode.LowPowerPeriodic,
            var other => throw new ArgumentException($"{connection.Model}: parameter '{ModeParameter}' must be 'periodic' or 'low_power' (is '{other}')", nameof(connection)),
        };

        if (connection.Parameter(AmbientPressureParameter) is null)
        {
            return (mode, null);
        }

        var pressure = connection.RequiredNumber(AmbientPressureParameter);
        if (pressure is < Scd4x.MinAmbientPressureHectopascals or > Scd4x.MaxAmbientPressureHectopascals)
        {
            throw new ArgumentException($"{connection.Model}: parameter '{AmbientPressureParameter}' must be within 700–1200 hPa (is {pressure})", nameof(connection));
        }

        return (mode, pressure);
    }
}
