using System.Device.I2c;

namespace AirMonitor.Sensors.Ads1115;

/// <summary>
/// Profile model <c>ads1115-4-20ma</c>: a 4–20 mA loop through a shunt on an ADS1115 channel (address 0x48–0x4B).
/// Parameters: <c>channel</c> (0–3), <c>shunt_ohms</c> (default 150), <c>metric</c> (a vocabulary metric),
/// <c>range_min</c> (the value at 4 mA) and <c>range_max</c> (at 20 mA).
/// <code>
/// - model: ads1115-4-20ma
///   address: 0x49
///   parameters: { channel: 0, shunt_ohms: 150, metric: o2, range_min: 0, range_max: 25 }
/// </code>
/// </summary>
public sealed class Ads1115LoopCurrentModel : ISensorModel
{
    public IReadOnlyList<string> Names { get; } = [LoopCurrentSensor.ModelName];

    public ISensor Create(SensorConnection connection)
    {
        var loop = CurrentLoop.FromParameters(connection);
        return new LoopCurrentSensor(new Ads1115Device(I2cDevice.Create(new I2cConnectionSettings(connection.I2cBus, connection.Address ?? Ads1115Device.DefaultAddress))), loop);
    }

    public ISensor CreateSimulated(SensorConnection connection, SimulatedAir air)
    {
        var loop = CurrentLoop.FromParameters(connection);
        return new LoopCurrentSensor(new Ads1115Device(SimulatedAds1115.ForCurrentLoop(air, loop, connection.Address ?? Ads1115Device.DefaultAddress)), loop);
    }
}
