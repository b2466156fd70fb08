using System.Device.I2c;

namespace AirMonitor.Sensors.Bme68x;

/// <summary>
/// Profile models <c>bme680</c> and <c>bme688</c> (one driver: the chip's variant register decides the gas path).
/// I2C address 0x76 by default (0x77 with SDO high). Optional parameters: <c>heater_celsius</c> (≤ 400, default 300),
/// <c>heater_ms</c> (default 100).
/// <code>
/// - model: bme688
///   i2c_bus: 1
///   address: 0x77
///   parameters: { heater_celsius: 320, heater_ms: 150 }
/// </code>
/// </summary>
public sealed class Bme68xModel : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = ["bme680", "bme688"];

    public ISensor Create(SensorConnection connection)
    {
        var settings = SettingsOf(connection);
        var device = I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Bme68xDevice.DefaultAddress));
        try
        {
            return new Bme68xSensor(new Bme68xDevice(device, settings));
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>A simulated BME688 when the model is <c>bme688</c>, else a BME680.</summary>
    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var settings = SettingsOf(connection);
        var variant = connection.Model == "bme688" ? Bme68xVariant.Bme688 : Bme68xVariant.Bme680;
        return new Bme68xSensor(new Bme68xDevice(new SimulatedBme68x(air, variant, connection.Address ?? Bme68xDevice.DefaultAddress), settings));
    }

    /// <exception cref="ArgumentException">A heater parameter is not a number or out of range, naming model and parameter.</exception>
    private static Bme68xSettings SettingsOf(SensorConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var settings = new Bme68xSettings
        {
            HeaterTemperatureCelsius = connection.Parameter("heater_celsius") is null ? 300 : (int)connection.RequiredNumber("heater_celsius"),
            HeaterDurationMilliseconds = connection.Parameter("heater_ms") is null ? 100 : (int)connection.RequiredNumber("heater_ms"),
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new ArgumentException($"{connection.Model}: parameter heater_celsius must be 1…400 and heater_ms 1…4032 ({e.ParamName} is out of range)", e);
        }

        return settings;
    }
}
