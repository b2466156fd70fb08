using System.Device.I2c;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// Profile model <c>ads1115-electrochem</c>: one electrochemical cell on an ADS1115 (address 0x48–0x4B).
/// Parameters: <c>gas</c> (no2|o3|so2|co), <c>we_channel</c>, <c>ae_channel</c>, <c>we0_mv</c>, <c>ae0_mv</c>,
/// <c>sensitivity_mv_per_ppb</c> (<c>sensitivity_mv_per_ppm</c> for co), optional <c>k</c> (default 1) and
/// <c>full_scale_volts</c> (6.144, 4.096, 2.048, 1.024, 0.512 or 0.256; default 4.096).
/// <code>
/// - model: ads1115-electrochem
///   address: 0x48
///   parameters: { gas: no2, we_channel: 0, ae_channel: 1, we0_mv: 295, ae0_mv: 282, sensitivity_mv_per_ppb: -0.264, k: 1.0 }
/// </code>
/// </summary>
public sealed class Ads1115ElectrochemicalModel : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = [ElectrochemicalGasSensor.ModelName];

    public ISensor Create(SensorConnection connection)
    {
        var (cell, fullScale) = Configuration(connection);
        return new ElectrochemicalGasSensor(new Ads1115Device(I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Ads1115Device.DefaultAddress))), cell, fullScale);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var (cell, fullScale) = Configuration(connection);
        return new ElectrochemicalGasSensor(new Ads1115Device(SimulatedAds1115.ForElectrochemicalCell(air, cell, connection.Address ?? Ads1115Device.DefaultAddress)), cell, fullScale);
    }

    private static (ElectrochemicalCell Cell, Ads1115FullScale FullScale) Configuration(SensorConnection connection)
    {
        var cell = ElectrochemicalCell.FromParameters(connection);
        if (connection.Parameter("full_scale_volts") is null)
        {
            return (cell, Ads1115FullScale.PlusMinus4_096Volts);
        }

        return Ads1115Scale.TryFullScaleOf(connection.RequiredNumber("full_scale_volts"), out var fullScale)
            ? (cell, fullScale)
            : throw new ArgumentException($"{connection.Model}: parameter 'full_scale_volts' must be 6.144, 4.096, 2.048, 1.024, 0.512 or 0.256 (is '{connection.Parameter("full_scale_volts")}')");
    }
}
